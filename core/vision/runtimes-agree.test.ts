/**
 * Every runtime that runs here gives the same faces: the converted ONNX networks against face-api's own nets on
 * tfjs (same inputs, to ~1e-5), then the whole pipeline on onnx-cpu vs tfjs-wasm on the demo photos (boxes,
 * landmarks and descriptors within 1e-4). GPU runtimes cannot run on this machine and are not claimed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PipelineFaceAnalyzer } from './face-analyzer';
import { buildDetectorInput } from './image/detector-input';
import { CHIP_FLOATS, fitSimilarity, warpChip } from './image/face-chip';
import { LANDMARK_INPUT_FLOATS, landmarkRegion, writeLandmarkInput } from './image/landmark-input';
import type { NetRunners } from './net-runners';
import { createOnnxRunners } from './onnx/onnx-runners';
import { decodeSamples, ensureModels } from './testing/sample-images';
import { createTfjsRunners } from './tfjs/tfjs-runners';
import type { AnalyzedFace, RgbImage } from './types';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('runtimes agree', () => {
  let onnx: NetRunners;
  let tfjs: NetRunners;
  let images: RgbImage[];
  let onnxFaces: AnalyzedFace[][];

  before(async () => {
    const modelDir = await ensureModels();
    images = await decodeSamples();
    [onnx, tfjs] = await Promise.all([
      createOnnxRunners(modelDir, { provider: 'cpu', threads: 2 }),
      createTfjsRunners(modelDir, 'wasm'),
    ]);
    const a = new PipelineFaceAnalyzer({ name: 'onnx-cpu', gpu: false, reason: 'test' }, onnx);
    onnxFaces = [];
    for (const image of images) onnxFaces.push(await a.analyze(image));
  });
  after(async () => {
    await onnx?.dispose();
    await tfjs?.dispose();
  });

  it('the converted SSD matches face-api on tfjs (decoded boxes and scores, 5118 anchors)', async () => {
    const input = buildDetectorInput(images[0]).tensor;
    const [a, b] = await Promise.all([onnx.detect(input), tfjs.detect(input)]);
    assert.equal(a.scores.length, 5118);
    assert.ok(maxAbsDiff(a.boxes, b.boxes) < 1e-5, `boxes differ by ${maxAbsDiff(a.boxes, b.boxes)}`);
    assert.ok(maxAbsDiff(a.scores, b.scores) < 1e-5, `scores differ by ${maxAbsDiff(a.scores, b.scores)}`);
  });

  it('the converted landmark and recognition nets match face-api on tfjs, batched', async () => {
    const faces = onnxFaces[0];
    const n = faces.length;
    const crops = new Float32Array(n * LANDMARK_INPUT_FLOATS);
    const chips = new Float32Array(n * CHIP_FLOATS);
    faces.forEach((f, i) => {
      writeLandmarkInput(images[0], landmarkRegion(f.box, images[0].width, images[0].height)!, crops, i);
      warpChip(images[0], fitSimilarity(f.landmarks), chips, i * CHIP_FLOATS);
    });
    const d1 = maxAbsDiff(await onnx.landmarks(crops, n), await tfjs.landmarks(crops, n));
    assert.ok(d1 < 1e-5, `landmarks differ by ${d1}`);
    const d2 = maxAbsDiff(await onnx.describe(chips, n), await tfjs.describe(chips, n));
    assert.ok(d2 < 1e-5, `descriptors differ by ${d2}`);
  });

  it('onnx-cpu and tfjs-wasm give the same faces on the demo photos (within 1e-4)', async () => {
    const a = new PipelineFaceAnalyzer({ name: 'tfjs-wasm', gpu: false, reason: 'test' }, tfjs);
    for (const [i, image] of images.entries()) {
      const other = await a.analyze(image);
      const mine = onnxFaces[i];
      assert.equal(other.length, mine.length, `sample${i + 1}: face count`);
      const side = Math.max(image.width, image.height);
      mine.forEach((f, j) => {
        const g = other[j];
        const box = maxAbsDiff([f.box.x, f.box.y, f.box.w, f.box.h], [g.box.x, g.box.y, g.box.w, g.box.h]) / side;
        assert.ok(box < 1e-4, `sample${i + 1} face ${j}: box differs by ${box} of the image`);
        assert.ok(maxAbsDiff(f.landmarks, g.landmarks) / side < 1e-4, `sample${i + 1} face ${j}: landmarks`);
        const d = maxAbsDiff(f.descriptor, g.descriptor);
        assert.ok(d < 1e-4, `sample${i + 1} face ${j}: descriptor differs by ${d}`);
        assert.ok(Math.abs(f.score - g.score) < 1e-4);
      });
    }
  });
});
