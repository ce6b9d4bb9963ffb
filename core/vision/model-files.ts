/**
 * Where the models are: resources/models/ as written by scripts/build-models.ts (ONNX files, and face-api's own
 * weights under face-api/ for the tfjs runtimes). FACET_MODEL_DIR or the `modelDir` option override the search.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ONNX_MODEL_FILES = {
  detector: 'ssd_mobilenetv1.onnx',
  detectorInt8: 'ssd_mobilenetv1.int8.onnx',
  landmarks: 'face_landmark_68.onnx',
  recognition: 'face_recognition.onnx',
  recognitionInt8: 'face_recognition.int8.onnx',
} as const;
export const FACE_API_SUBDIR = 'face-api';

/**
 * The precision of the SSD and the recognition net on ONNX Runtime's CPU provider: int8 (the default: about half
 * the SSD's time and half the descriptor's, the same faces on dev + groups and the same dev AUC, see
 * core/vision/README.md) or float32, face-api's own arithmetic. GPU providers always run float32.
 * FACET_PRECISION=float32 switches back.
 */
export type DetectorPrecision = 'int8' | 'float32';

export function detectorPrecision(): DetectorPrecision {
  const v = process.env.FACET_PRECISION;
  if (v === undefined || v === '' || v === 'int8') return 'int8';
  if (v === 'float32') return 'float32';
  throw new Error(`FACET_PRECISION must be int8 or float32, got '${v}'`);
}

/** Finds resources/models above this module (source tree, dist/ build, or packaged app resources). */
export function resolveModelDir(override?: string): string {
  const explicit = override ?? process.env.FACET_MODEL_DIR;
  if (explicit) return path.resolve(explicit);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources', 'models');
    if (fs.existsSync(path.join(candidate, ONNX_MODEL_FILES.detector))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    'face models not found: run `npm run build:models` (it writes resources/models/), or set FACET_MODEL_DIR',
  );
}

export function onnxModelPath(modelDir: string, net: keyof typeof ONNX_MODEL_FILES): string {
  const file = path.join(modelDir, ONNX_MODEL_FILES[net]);
  if (!fs.existsSync(file)) throw new Error(`model file missing: ${file} (run \`npm run build:models\`)`);
  return file;
}

export function faceApiModelDir(modelDir: string): string {
  const dir = path.join(modelDir, FACE_API_SUBDIR);
  if (!fs.existsSync(path.join(dir, 'ssd_mobilenetv1_model-weights_manifest.json'))) {
    throw new Error(`face-api weights missing in ${dir} (run \`npm run build:models\`)`);
  }
  return dir;
}
