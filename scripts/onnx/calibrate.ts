/**
 * Measures the activation ranges of the int8 recognition net (net-form.ts) and writes them to
 * scripts/onnx/calibration-ranges.ts, which the model build step reads. The calibration inputs are the aligned
 * chips (and their mirrors, as the analyzer describes both) that the float32 pipeline makes from face-api's demo
 * photos, which ship in node_modules: the build needs no data from outside the repository.
 * (An int8 landmark net was tried the same way and dropped: 8.3 ms per image against 6.5 in float32, measured on
 * dev + groups; the net is small and its residual adds pay a requantisation each.)
 * Run: `node --import tsx scripts/onnx/calibrate.ts` (after `npm run build:models`), then rebuild the models.
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
import type { ActivationRanges } from './net-form';
import { buildRecognitionGraph, type RecognitionParams } from './recognition-graph';

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

const split = (batch: Float32Array, n: number, size: number) =>
  Array.from({ length: n }, (_, i) => batch.slice(i * size * size * 3, (i + 1) * size * size * 3));

/** The 150x150x3 chips (a face and its mirror each) the analyzer hands to the recognition net for `photos`. */
export async function collectChips(photos: readonly string[], modelDir: string): Promise<Float32Array[]> {
  const runners = await createOnnxRunners(modelDir, { provider: 'cpu', threads: 1 }, 'float32');
  const chips: Float32Array[] = [];
  const describe = runners.describe;
  runners.describe = (batch, n) => (chips.push(...split(batch, n, CHIP_SIZE)), describe(batch, n));
  const analyzer = new PipelineFaceAnalyzer({ name: 'onnx-cpu', gpu: false, reason: 'calibration' }, runners);
  try {
    for (const file of photos) await analyzer.analyze((await decodePhoto(file)).image);
  } finally {
    await analyzer.dispose();
  }
  return chips;
}

/** [min, max] of every activation the int8 form of `graph` (in its calibration form) quantises, over `inputs`. */
export async function measureRanges(
  graph: Uint8Array,
  inputs: readonly Float32Array[],
  size: number,
): Promise<ActivationRanges> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-calib-'));
  const file = path.join(dir, 'calibration.onnx');
  fs.writeFileSync(file, graph);
  const session = await createSession(file, { provider: 'cpu', threads: 1 });
  const ranges: Record<string, [number, number]> = {};
  try {
    for (const input of inputs) {
      for (const [name, data] of Object.entries(await runNhwc(session, input, 1, size))) {
        if (!name.startsWith('range:')) continue;
        const r = (ranges[name.slice('range:'.length)] ??= [Infinity, -Infinity]);
        for (let i = 0; i < data.length; i++) {
          if (data[i] < r[0]) r[0] = data[i];
          if (data[i] > r[1]) r[1] = data[i];
        }
      }
    }
  } finally {
    await session.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return ranges;
}

function rangesConst(name: string, ranges: ActivationRanges): string[] {
  const rows = Object.entries(ranges).map(([k, [lo, hi]]) => `  '${k}': [${lo.toPrecision(6)}, ${hi.toPrecision(6)}],`);
  return [`export const ${name}: ActivationRanges = {`, ...rows, '};', ''];
}

async function main(): Promise<void> {
  const chips = await collectChips(demoPhotos(), resolveModelDir());
  const params = await loadFaceApiParams(path.join(faceApiDir(), 'model'));
  const graph = buildRecognitionGraph(params.recognition as RecognitionParams, { kind: 'calibration' });
  const recognition = await measureRanges(graph, chips, CHIP_SIZE);
  const out = path.join(__dirname, 'calibration-ranges.ts');
  const text = [
    '/**',
    ' * Activation ranges (min/max) of the int8 recognition net, measured by scripts/onnx/calibrate.ts on',
    ` * ${chips.length} chips (faces and their mirrors) from face-api's demo photos.`,
    ' * Generated: re-run that script after changing a graph.',
    ' */',
    "import type { ActivationRanges } from './net-form';",
    '',
    ...rangesConst('RECOGNITION_RANGES', recognition),
  ].join('\n');
  fs.writeFileSync(out, text);
  console.log(`ranges from ${chips.length} chips written to ${out}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
