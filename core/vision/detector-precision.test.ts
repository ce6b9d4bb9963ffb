/**
 * The int8 SSD (the CPU default) finds the same faces as the float32 one on face-api's demo photos: the same
 * number per photo, boxes matched one to one at IoU >= 0.85, scores within 0.15; the int8 recognition net gives
 * the float32 net's descriptors on the same chips (cosine >= 0.999); and FACET_PRECISION picks them.
 */
import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { buildDetectorInput } from './image/detector-input';
import { toDetections, type Detection } from './image/detections';
import { PipelineFaceAnalyzer } from './face-analyzer';
import { detectorPrecision } from './model-files';
import { createOnnxRunners } from './onnx/onnx-runners';
import { decodeSamples, ensureModels, SAMPLE_FACE_COUNT } from './testing/sample-images';
import type { Box, RgbImage } from './types';

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / (a.w * a.h + b.w * b.h - w * h);
}

describe('detector precision', () => {
  let modelDir: string;
  let images: RgbImage[];
  const saved = process.env.FACET_PRECISION;
  before(async () => {
    modelDir = await ensureModels();
    images = await decodeSamples();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.FACET_PRECISION;
    else process.env.FACET_PRECISION = saved;
  });

  it('int8 and float32 SSDs find the same faces on the demo photos', async () => {
    const detections: Record<'int8' | 'float32', Detection[][]> = { int8: [], float32: [] };
    for (const precision of ['int8', 'float32'] as const) {
      const runners = await createOnnxRunners(modelDir, { provider: 'cpu', threads: 1 }, precision);
      for (const image of images) {
        const input = buildDetectorInput(image);
        const { boxes, scores } = await runners.detect(input.tensor);
        detections[precision].push(toDetections(boxes, scores, input.side, image.width, image.height, 0.5));
      }
      await runners.dispose();
    }
    assert.equal(detections.float32.flat().length, SAMPLE_FACE_COUNT);
    images.forEach((_, i) => {
      const [q, f] = [detections.int8[i], detections.float32[i]];
      assert.equal(q.length, f.length, `photo ${i}: int8 ${q.length} faces, float32 ${f.length}`);
      for (const a of f) {
        const best = q.reduce((m, b) => (iou(a.box, b.box) > iou(a.box, m.box) ? b : m));
        assert.ok(iou(a.box, best.box) >= 0.85, `photo ${i}: a face's box moved (IoU ${iou(a.box, best.box)})`);
        assert.ok(Math.abs(a.score - best.score) < 0.15, `photo ${i}: score ${a.score} vs ${best.score}`);
      }
    });
  });

  it('the int8 recognition net gives the float32 descriptors on the same chips', async () => {
    const float = await createOnnxRunners(modelDir, { provider: 'cpu', threads: 1 }, 'float32');
    const int8 = await createOnnxRunners(modelDir, { provider: 'cpu', threads: 1 }, 'int8');
    const info = { name: 'onnx-cpu', gpu: false, reason: 'test' } as const;
    // The same detections, landmarks and chips; only the recognition net differs.
    const exact = new PipelineFaceAnalyzer(info, float);
    const quantised = new PipelineFaceAnalyzer(info, { ...float, describe: (b, n) => int8.describe(b, n) });
    let faces = 0;
    for (const image of images) {
      const [a, b] = [await exact.analyze(image), await quantised.analyze(image)];
      assert.equal(a.length, b.length);
      a.forEach((f, i) => {
        const cos = f.descriptor.reduce((s, v, j) => s + v * b[i].descriptor[j], 0);
        assert.ok(cos >= 0.999, `a face's int8 descriptor is off: cosine ${cos}`);
      });
      faces += a.length;
    }
    assert.equal(faces, SAMPLE_FACE_COUNT);
    await Promise.all([float.dispose(), int8.dispose()]);
  });

  it('FACET_PRECISION: int8 by default, float32 on request, anything else is an error', () => {
    delete process.env.FACET_PRECISION;
    assert.equal(detectorPrecision(), 'int8');
    process.env.FACET_PRECISION = 'float32';
    assert.equal(detectorPrecision(), 'float32');
    process.env.FACET_PRECISION = 'fp16';
    assert.throws(() => detectorPrecision(), /FACET_PRECISION must be int8 or float32, got 'fp16'/);
  });
});
