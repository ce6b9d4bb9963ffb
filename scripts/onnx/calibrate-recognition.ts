/**
 * Measures the activation ranges of the int8 recognition net (recognition-graph.ts, form `int8`) and writes them
 * to scripts/onnx/recognition-ranges.ts, which the model build step reads. Calibration chips are the aligned
 * faces (and their mirrors, as the analyzer describes both) that the float32 pipeline finds in face-api's demo
 * photos, which ship in node_modules: the build needs no data from outside the repository.
 * Run: `node --import tsx scripts/onnx/calibrate-recognition.ts` (after `npm run build:models`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePhoto } from '../../core/library/decode';
import { PipelineFaceAnalyzer } from '../../core/vision/face-analyzer';
import { CHIP_SIZE } from '../../core/vision/image/dlib-mean-face';
import { resolveModelDir } from '../../core/vision/model-files';
import { createOnnxRunners } from '../../core/vision/onnx/onnx-runners';
import { createSession, runNhwc } from '../../core/vision/onnx/onnx-session';
import { loadFaceApiParams } from './face-api-weights';
import { buildRecognitionGraph, type ActivationRanges, type RecognitionParams } from './recognition-graph';

const CHIP_FLOATS = CHIP_SIZE * CHIP_SIZE * 3;

export function faceApiDir(): string {
  return path.dirname(require.resolve('@vladmandic/face-api/package.json'));
}

/** face-api's demo photos (sample1-6.jpg): group and portrait shots, the calibration set. */
export function demoPhotos(): string[] {
  const dir = path.join(faceApiDir(), 'demo');
  return fs
    .readdirSync(dir)
    .filter((f) => /^sample\d+\.jpg$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The chips the analyzer hands to the recognition net for `photos`, caught on their way in. */
export async function collectChips(photos: readonly string[], modelDir: string): Promise<Float32Array[]> {
  const runners = await createOnnxRunners(modelDir, { provider: 'cpu', threads: 1 }, 'float32');
  const chips: Float32Array[] = [];
  const describe = runners.describe;
  runners.describe = (batch, n) => {
    for (let i = 0; i < n; i++) chips.push(batch.slice(i * CHIP_FLOATS, (i + 1) * CHIP_FLOATS));
    return describe(batch, n);
  };
  const analyzer = new PipelineFaceAnalyzer({ name: 'onnx-cpu', gpu: false, reason: 'calibration' }, runners);
  try {
    for (const file of photos) await analyzer.analyze((await decodePhoto(file)).image);
  } finally {
    await analyzer.dispose();
  }
  return chips;
}

/** [min, max] of every activation the int8 form quantises, over `chips`. */
export async function measureRanges(
  params: RecognitionParams,
  chips: readonly Float32Array[],
): Promise<ActivationRanges> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'facet-calib-')), 'calib.onnx');
  fs.writeFileSync(file, buildRecognitionGraph(params, { kind: 'calibration' }));
  const session = await createSession(file, { provider: 'cpu', threads: 1 });
  const ranges: Record<string, [number, number]> = {};
  try {
    for (const chip of chips) {
      const out = await runNhwc(session, chip, 1, CHIP_SIZE);
      for (const [name, data] of Object.entries(out)) {
        if (!name.startsWith('range:')) continue;
        const label = name.slice('range:'.length);
        const r = (ranges[label] ??= [Infinity, -Infinity]);
        for (let i = 0; i < data.length; i++) {
          if (data[i] < r[0]) r[0] = data[i];
          if (data[i] > r[1]) r[1] = data[i];
        }
      }
    }
  } finally {
    await session.release();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  return ranges;
}

export function rangesModule(ranges: ActivationRanges, chipCount: number): string {
  const rows = Object.entries(ranges).map(([k, [lo, hi]]) => `  '${k}': [${lo.toPrecision(6)}, ${hi.toPrecision(6)}],`);
  return [
    '/**',
    ` * Activation ranges of the int8 recognition net, measured by scripts/onnx/calibrate-recognition.ts on ${chipCount}`,
    " * chips (faces and mirrors) from face-api's demo photos. Generated: re-run that script after changing the graph.",
    ' */',
    "import type { ActivationRanges } from './recognition-graph';",
    '',
    'export const RECOGNITION_RANGES: ActivationRanges = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const modelDir = resolveModelDir();
  const chips = await collectChips(demoPhotos(), modelDir);
  const params = await loadFaceApiParams(path.join(faceApiDir(), 'model'));
  const ranges = await measureRanges(params.recognition as RecognitionParams, chips);
  const out = path.join(__dirname, 'recognition-ranges.ts');
  fs.writeFileSync(out, rangesModule(ranges, chips.length));
  console.log(`${Object.keys(ranges).length} activation ranges from ${chips.length} chips written to ${out}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
