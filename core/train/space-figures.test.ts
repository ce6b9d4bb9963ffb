import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairStats } from '../verify';
import { DESCRIPTOR_SIZE as D } from '../vision/types';
import { figures, figuresOfAllPairs, heldOutPairs } from './space-figures';
import { toyFaces } from './testing/toy-faces';
import { loadTrainBackend } from './tf-backend';

const { vectors, labels } = toyFaces({ kind: 'private', people: 12, perPerson: 7, noise: 0.2 });

test('figures from distance blocks on the training backend equal core/verify on every pair', async () => {
  const { tf } = await loadTrainBackend();
  const ours = figuresOfAllPairs(tf, vectors, labels);
  const reference = figures(pairStats(vectors, labels));
  assert.equal(ours.samePairs, reference.samePairs);
  assert.equal(ours.diffPairs, reference.diffPairs);
  assert.ok(Math.abs(ours.auc - reference.auc) < 1e-6, `AUC ${ours.auc} vs ${reference.auc}`);
  assert.equal(ours.valAtFar1e3, reference.valAtFar1e3);
  assert.ok(Math.abs(ours.threshold - reference.threshold) < 1e-5);
  assert.ok(reference.auc < 0.999, 'a case with errors to count');
});

test('held-out pairs are exactly the pairs with a held-out face, measured across two spaces', async () => {
  const { tf } = await loadTrainBackend();
  const n = labels.length;
  const heldOut = Array.from(labels, (_, i) => i % 5 === 0);
  const other = vectors.map((v, k) => v + (k % 7 === 0 ? 0.01 : 0));
  const stats = heldOutPairs(tf, vectors, labels, heldOut, other);
  const same: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!(heldOut[i] || heldOut[j])) continue;
      let s = 0;
      for (let k = 0; k < D; k++) s += (vectors[i * D + k] - other[j * D + k]) ** 2;
      (labels[i] === labels[j] ? same : diff).push(Math.sqrt(s));
    }
  }
  same.sort((a, b) => a - b);
  diff.sort((a, b) => a - b);
  assert.equal(stats.same.length, same.length);
  assert.equal(stats.diff.length, diff.length);
  stats.same.forEach((d, i) => assert.ok(Math.abs(d - same[i]) < 1e-5, `same ${i}: ${d} vs ${same[i]}`));
  stats.diff.forEach((d, i) => assert.ok(Math.abs(d - diff[i]) < 1e-5, `diff ${i}: ${d} vs ${diff[i]}`));
});
