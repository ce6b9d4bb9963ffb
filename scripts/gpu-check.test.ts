/**
 * The GPU check runs here too (no GPU): onnx-cpu is timed and every GPU runtime is reported unavailable with its
 * reason; where a GPU runtime does start, its faces are compared with the CPU's. The comparison itself tells a
 * different face set or a drifted descriptor from the same faces.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeSamples, ensureModels } from '../core/vision/testing/sample-images';
import type { AnalyzedFace, RgbImage } from '../core/vision/types';
import { checkRuntimes, compareFaces, formatOutcome, GPU_RUNTIMES } from './gpu-check';

describe('gpu-check', () => {
  let modelDir: string;
  let images: RgbImage[];
  before(async () => {
    modelDir = await ensureModels();
    images = (await decodeSamples()).slice(0, 2);
  });

  it('times onnx-cpu and says why each GPU runtime could not start (or compares it when it did)', async () => {
    delete process.env.FACET_RUNTIME;
    const { cpu, outcomes } = await checkRuntimes(images, modelDir);
    assert.ok(cpu.imagesPerSecond > 0);
    assert.ok(cpu.faces.flat().length > 0, 'the demo photos have faces');
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'ran' ? o.run.name : o.name)),
      [...GPU_RUNTIMES],
    );
    for (const o of outcomes) {
      const line = formatOutcome(o, cpu);
      if (o.kind === 'unavailable') {
        assert.match(line, /UNAVAILABLE: .*cannot start: .{10,}/, line);
      } else {
        assert.ok(o.agreement.same, line);
      }
    }
  });

  it('compareFaces: the same faces agree; a missing face or a drifted descriptor does not', async () => {
    const { cpu } = await checkRuntimes(images, modelDir, []);
    assert.deepEqual(compareFaces(cpu.faces, cpu.faces).same, true);
    const missing = cpu.faces.map((f, i) => (i === 0 ? f.slice(1) : f));
    const a = compareFaces(cpu.faces, missing);
    assert.equal(a.same, false);
    assert.equal(a.matched, a.cpuFaces - 1);
    const drifted: AnalyzedFace[][] = cpu.faces.map((f) =>
      f.map((face) => ({ ...face, descriptor: face.descriptor.map((v, j) => (j === 0 ? v + 0.1 : v)) })),
    );
    const b = compareFaces(cpu.faces, drifted);
    assert.equal(b.matched, b.cpuFaces);
    assert.equal(b.same, false);
    assert.ok(Math.abs(b.maxDescriptorDistance - 0.1) < 1e-6);
  });
});
