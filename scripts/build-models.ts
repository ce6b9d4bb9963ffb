/**
 * Model build step (`npm run build:models`, run by `npm install` through `prepare`): converts face-api's SSD
 * MobileNet v1, 68-point landmark net and recognition ResNet to ONNX (opset 13, float32) in resources/models/,
 * plus an int8 SSD and an int8 recognition net (QDQ, run by ONNX Runtime's integer CPU kernels: see
 * scripts/onnx/quantize.ts; the recognition net's activation ranges come from scripts/onnx/calibration-ranges.ts),
 * and copies face-api's own weight files to resources/models/face-api/ for the tfjs runtimes.
 * Idempotent: a stamp of the converter version and the source files' hash skips work when nothing changed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadFaceApiParams } from './onnx/face-api-weights';
import { buildLandmark68Graph, landmark68Params } from './onnx/landmark68-graph';
import { buildRecognitionGraph, type RecognitionParams } from './onnx/recognition-graph';
import { RECOGNITION_RANGES } from './onnx/calibration-ranges';
import { buildSsdMobilenetGraph, type SsdParams } from './onnx/ssd-mobilenet-graph';

/** Bump when a converter changes the graphs it writes. */
const CONVERTER_VERSION = 3;
const FACE_API_NETS = ['ssd_mobilenetv1_model', 'face_landmark_68_model', 'face_recognition_model'];
export const ONNX_FILES = {
  detector: 'ssd_mobilenetv1.onnx',
  detectorInt8: 'ssd_mobilenetv1.int8.onnx',
  landmarks: 'face_landmark_68.onnx',
  recognition: 'face_recognition.onnx',
  recognitionInt8: 'face_recognition.int8.onnx',
} as const;

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'facet') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no facet package.json above ${from}`);
  }
}

function sourceFiles(faceApiModelDir: string): string[] {
  return FACE_API_NETS.flatMap((n) => [`${n}-weights_manifest.json`, `${n}.bin`]).map((f) =>
    path.join(faceApiModelDir, f),
  );
}

function stampOf(files: string[]): string {
  // The calibrated ranges are an input too: re-calibrating rebuilds the int8 recognition net.
  const h = createHash('sha256').update(`converter ${CONVERTER_VERSION}\n${JSON.stringify(RECOGNITION_RANGES)}\n`);
  for (const f of files) h.update(path.basename(f)).update(fs.readFileSync(f));
  return h.digest('hex');
}

/** Writes through a temporary file and a rename, so an interrupted build never leaves a half-written model. */
function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export async function buildModels(outDir: string, log: (line: string) => void = console.log): Promise<boolean> {
  const faceApiModelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const sources = sourceFiles(faceApiModelDir);
  const missing = sources.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`face-api weight files missing: ${missing.join(', ')}`);

  const stamp = stampOf(sources);
  const stampFile = path.join(outDir, 'build-stamp.json');
  const outputs = [
    ...Object.values(ONNX_FILES).map((f) => path.join(outDir, f)),
    ...sources.map((f) => path.join(outDir, 'face-api', path.basename(f))),
  ];
  const previous = fs.existsSync(stampFile)
    ? (JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { stamp?: string })
    : {};
  if (previous.stamp === stamp && outputs.every((f) => fs.existsSync(f))) {
    log(`models up to date in ${outDir}`);
    return false;
  }

  const t0 = Date.now();
  fs.mkdirSync(path.join(outDir, 'face-api'), { recursive: true });
  for (const f of sources) fs.copyFileSync(f, path.join(outDir, 'face-api', path.basename(f)));
  const params = await loadFaceApiParams(faceApiModelDir);
  const ssd = params.ssd as unknown as SsdParams;
  writeAtomic(path.join(outDir, ONNX_FILES.detector), buildSsdMobilenetGraph(ssd, 'float32'));
  writeAtomic(path.join(outDir, ONNX_FILES.detectorInt8), buildSsdMobilenetGraph(ssd, 'int8'));
  const landmarks = landmark68Params(params.landmarks);
  writeAtomic(path.join(outDir, ONNX_FILES.landmarks), buildLandmark68Graph(landmarks));
  const recognition = params.recognition as RecognitionParams;
  writeAtomic(path.join(outDir, ONNX_FILES.recognition), buildRecognitionGraph(recognition));
  writeAtomic(
    path.join(outDir, ONNX_FILES.recognitionInt8),
    buildRecognitionGraph(recognition, { kind: 'int8', ranges: RECOGNITION_RANGES }),
  );
  writeAtomic(stampFile, JSON.stringify({ stamp, converterVersion: CONVERTER_VERSION }, null, 2) + '\n');
  log(`converted face-api networks to ONNX in ${outDir} (${Date.now() - t0} ms)`);
  return true;
}

if (require.main === module) {
  const outDir = process.argv[2] ?? path.join(findRepoRoot(__dirname), 'resources', 'models');
  buildModels(path.resolve(outDir)).catch((err: unknown) => {
    console.error(`build-models failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
