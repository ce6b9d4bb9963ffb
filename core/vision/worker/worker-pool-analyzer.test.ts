/**
 * tfjs-wasm is single-threaded in Node, so createFaceAnalyzer runs it as a pool of worker threads: the pool
 * answers concurrent calls with the same faces the in-process ONNX pipeline finds, and reports errors per call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createFaceAnalyzer } from '../index';
import { decodeSamples, ensureModels } from '../testing/sample-images';
import type { AnalyzedFace, FaceAnalyzer, RgbImage } from '../types';

describe('tfjs-wasm worker pool', () => {
  let pool: FaceAnalyzer;
  let reference: FaceAnalyzer;
  let images: RgbImage[];

  const savedPrecision = process.env.FACET_PRECISION;
  before(async () => {
    const modelDir = await ensureModels();
    images = (await decodeSamples()).slice(0, 2);
    // The reference is face-api's arithmetic, the float32 SSD (onnx-cpu's default int8 SSD moves boxes slightly).
    process.env.FACET_PRECISION = 'float32';
    [pool, reference] = await Promise.all([
      createFaceAnalyzer({ runtime: 'tfjs-wasm', modelDir, threads: 2 }),
      createFaceAnalyzer({ runtime: 'onnx-cpu', modelDir, threads: 1 }),
    ]);
  });
  after(async () => {
    if (savedPrecision === undefined) delete process.env.FACET_PRECISION;
    else process.env.FACET_PRECISION = savedPrecision;
    await pool?.dispose();
    await reference?.dispose();
  });

  it('runs one worker per thread and says so', () => {
    assert.equal(pool.runtime.name, 'tfjs-wasm');
    assert.equal(pool.concurrency, 2);
    assert.match(pool.runtime.reason, /2 worker threads/);
  });

  it('answers concurrent calls with the faces the ONNX pipeline finds (within 1e-4)', async () => {
    const [got, want] = await Promise.all([
      Promise.all(images.map((im) => pool.analyze(im))),
      Promise.all(images.map((im) => reference.analyze(im))),
    ]);
    got.forEach((faces: AnalyzedFace[], i) => {
      assert.equal(faces.length, want[i].length);
      faces.forEach((f, j) => {
        assert.ok(f.descriptor instanceof Float32Array && f.landmarks instanceof Float32Array);
        assert.ok(Math.abs(f.box.x - want[i][j].box.x) < 0.1);
        let d = 0;
        for (let k = 0; k < 128; k++) d = Math.max(d, Math.abs(f.descriptor[k] - want[i][j].descriptor[k]));
        assert.ok(d < 1e-4, `descriptor differs by ${d}`);
      });
    });
  });

  it('rejects a bad image without breaking the pool, and refuses work after dispose', async () => {
    await assert.rejects(pool.analyze({ data: new Uint8Array(5), width: 2, height: 2 }), /expected 12/);
    assert.equal((await pool.analyze(images[0])).length, 3);
    await pool.dispose();
    await assert.rejects(pool.analyze(images[0]), /after dispose/);
  });
});
