import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approximateKnn, exactKnn, nativeExactKnn, searchKnn } from './knn-graph';
import { around, randomCentre, rng } from './testing/fixture-db';

function data(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const centres = Array.from({ length: Math.ceil(n / 10) }, () => randomCentre(r));
  const v = new Float32Array(n * 128);
  for (let i = 0; i < n; i++) v.set(around(centres[i % centres.length], 0.4, r), i * 128);
  return v;
}

test('exact k-NN by hand: points on a line', () => {
  const g = exactKnn(new Float32Array([0, 0, 1, 0, 3, 0, 7, 0]), 2, 2);
  assert.deepEqual([...g.indices], [1, 2, 0, 2, 1, 0, 2, 1]);
  assert.deepEqual([...g.distances], [1, 3, 1, 2, 2, 3, 4, 6]);
});

test('native (SIMD) exact k-NN gives the same neighbours as the JS reference', () => {
  const v = data(400, 1);
  const a = exactKnn(v, 128, 10);
  const b = nativeExactKnn(v, 128, 10);
  let same = 0;
  for (let t = 0; t < a.indices.length; t++) {
    if (a.indices[t] === b.indices[t]) same++;
    assert.ok(Math.abs(a.distances[t] - b.distances[t]) < 1e-4);
  }
  assert.ok(same / a.indices.length > 0.99);
});

test('usearch HNSW k-NN finds almost all exact neighbours', () => {
  const v = data(3000, 2);
  const a = nativeExactKnn(v, 128, 16);
  const b = approximateKnn(v, 128, 16);
  let hits = 0;
  for (let i = 0; i < 3000; i++) {
    const want = new Set(a.indices.subarray(i * 16, i * 16 + 16));
    for (const j of b.indices.subarray(i * 16, i * 16 + 16)) if (want.has(j)) hits++;
  }
  assert.ok(hits / (3000 * 16) > 0.95, `recall ${hits / (3000 * 16)}`);
});

test('searchKnn returns each query its nearest references', () => {
  const refs = new Float32Array([0, 0, 1, 0, 3, 0]);
  const g = searchKnn(refs, new Float32Array([2.9, 0, 0.4, 0]), 2, 2);
  assert.deepEqual([...g.indices], [2, 1, 0, 1]);
  assert.ok(Math.abs(g.distances[0] - 0.1) < 1e-6);
});
