import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { createRng } from '../verify/rng';
import { DESCRIPTOR_SIZE as D } from '../vision/types';
import { applyHead, identityLinearHead } from '../space/head';
import { toyFaces } from './testing/toy-faces';
import { loadTrainBackend } from './tf-backend';
import { buildValCriterion, TfValCriterion, type ValCriterion } from './val-criterion';

/** The criterion written out in float64 from its definition, on embeddings u of c.rows. */
function reference(c: ValCriterion, u: Float32Array): number {
  const sq = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < D; k++) s += (u[i * D + k] - u[j * D + k]) ** 2;
    return s;
  };
  let sum = 0;
  let n = 0;
  for (let a = 0; a < c.anchors; a++) {
    for (const p of c.positives[a]) {
      for (const q of c.negatives[a]) {
        sum += 0.05 * Math.log1p(Math.exp((sq(a, p) - sq(a, q) + c.alpha) / 0.05));
        n++;
      }
    }
  }
  return sum / n;
}

const { vectors, labels } = toyFaces({ kind: 'shared', people: 30, perPerson: 6 });
const rows = [...labels.keys()];
const val = rows.filter((r) => r % 4 === 0);
const others = rows.filter((r) => r % 4 !== 0);

test('the triplets obey their definition: validation anchors, same-person positives, other-person negatives', () => {
  const c = buildValCriterion(vectors, labels, val, others, 0.2, createRng(2));
  // A local row back to its library row (the toy descriptors are all distinct).
  const lib = (local: number) =>
    rows.find((r) => vectors.subarray(r * D, (r + 1) * D).every((v, k) => v === c.rows[local * D + k]))!;
  let count = 0;
  for (let a = 0; a < c.anchors; a++) {
    assert.ok(val.includes(lib(a)), 'anchors are validation faces');
    for (const p of c.positives[a]) assert.ok(p !== a && labels[lib(p)] === labels[lib(a)]);
    for (const q of c.negatives[a]) assert.notEqual(labels[lib(q)], labels[lib(a)]);
    count += c.positives[a].length * c.negatives[a].length;
  }
  assert.equal(c.count, count);
  assert.ok(count > 1000, `enough triplets to read (${count})`);
});

test('the tfjs reading equals the float64 definition, at the identity and through a head', async () => {
  const { tf } = await loadTrainBackend();
  const c = buildValCriterion(vectors, labels, val, others, 0.2, createRng(2));
  const tc = new TfValCriterion(tf, c);
  const head = identityLinearHead();
  const rng = createRng(9);
  head.m.forEach((v, k) => (head.m[k] = v + 0.2 * (rng.next() - 0.5)));
  try {
    const normalise = (z: Tensor2D) => tf.div(z, tf.norm(z, 'euclidean', 1, true)) as Tensor2D;
    const atIdentity = tc.score(normalise);
    const throughHead = tc.score((x) => normalise(tf.matMul(x, tf.tensor2d(head.m, [D, D]))));
    const want0 = reference(c, applyHead(identityLinearHead(), c.rows));
    const want1 = reference(c, applyHead(head, c.rows));
    assert.ok(Math.abs(atIdentity - want0) < 1e-5 * want0, `${atIdentity} vs ${want0}`);
    assert.ok(Math.abs(throughHead - want1) < 1e-5 * want1, `${throughHead} vs ${want1}`);
    assert.ok(Math.abs(want1 - want0) > 1e-3 * want0, 'the head changes the reading');
  } finally {
    tc.dispose();
  }
});
