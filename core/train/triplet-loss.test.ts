import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor2D, Scalar } from '@tensorflow/tfjs-core';
import { createRng } from '../verify/rng';
import { loadTrainBackend } from './tf-backend';
import { l2Normalize, tripletLoss } from './triplet-loss';
import type { Triplets } from './semi-hard-miner';

const ALPHA = 0.2;
const one = (a: number, p: number, n: number): Triplets => ({
  anchor: Int32Array.of(a),
  positive: Int32Array.of(p),
  negative: Int32Array.of(n),
  kind: ['semi-hard'],
  pairs: 1,
});

test('loss and gradient of one triplet at W = I match the hand computation', async () => {
  const { tf } = await loadTrainBackend();
  const r = Math.SQRT1_2;
  // a = (1, 0), p = (0.8, 0.6), n = (r, r): |a-p|² = 0.4, |a-n|² = 2 - 2r, loss = 0.4 - (2 - 2r) + 0.2.
  const x = tf.tensor2d([1, 0, 0.8, 0.6, r, r], [3, 2]);
  const w = tf.variable(tf.eye(2));
  const f = () => tripletLoss(tf, l2Normalize(tf, tf.matMul(x, w) as Tensor2D), one(0, 1, 2), ALPHA);
  const { value, grads } = tf.variableGrads(f as () => Scalar, [w]);
  assert.ok(Math.abs(value.dataSync()[0] - (0.6 - (2 - 2 * r))) < 1e-6);
  // dL/du_a = 2(u_n - u_p), dL/du_p = -2(u_a - u_p), dL/du_n = 2(u_a - u_n); through the normalisation
  // (|z| = 1): dL/dz = (I - u uᵀ) dL/du, giving (0, 0.2142), (-0.72, 0.96) and (1, -1); dL/dW = Σ x dzᵀ.
  const expected = [0.13110678, 0.27510678, 0.27510678, -0.13110678];
  const got = Array.from(grads[w.name].dataSync());
  got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-5, `dW[${i}] ${g} vs ${expected[i]}`));
});

test('an inactive triplet (beyond the margin) adds nothing and counts in the mean', async () => {
  const { tf } = await loadTrainBackend();
  const emb = tf.tensor2d([0, 0, 0.1, 0, 0.5, 0, 3, 0], [4, 2]);
  // (0,1,2): 0.01 - 0.25 + 0.2 = -0.04 → 0; (1,0,3): 0.01 - 8.41 + 0.2 → 0; one active: (0,1) with n = 1?
  const t: Triplets = {
    anchor: Int32Array.of(0, 1, 0),
    positive: Int32Array.of(1, 0, 1),
    negative: Int32Array.of(2, 3, -1),
    kind: ['semi-hard', 'semi-hard', 'inactive'],
    pairs: 3,
  };
  assert.ok(Math.abs(tripletLoss(tf, emb, t, ALPHA).dataSync()[0]) < 1e-7);
  const active: Triplets = { ...t, negative: Int32Array.of(2, 2, -1) }; // (1,0,2): 0.01 - 0.16 + 0.2 = 0.05
  assert.ok(Math.abs(tripletLoss(tf, emb, active, ALPHA).dataSync()[0] - 0.05 / 3) < 1e-6);
});

/** The whole objective in float64 plain TypeScript, written out from the definition. */
function referenceLoss(x: number[][], w: number[][], t: Triplets, mu: number): number {
  const u = x.map((row) => {
    const z = w[0].map((_, j) => row.reduce((s, xi, i) => s + xi * w[i][j], 0));
    const n = Math.hypot(...z);
    return z.map((v) => v / n);
  });
  const sq = (a: number[], b: number[]) => a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0);
  let l = 0;
  for (let i = 0; i < t.pairs; i++) {
    if (t.negative[i] < 0) continue;
    l += Math.max(0, sq(u[t.anchor[i]], u[t.positive[i]]) - sq(u[t.anchor[i]], u[t.negative[i]]) + ALPHA);
  }
  let reg = 0;
  w.forEach((row, i) => row.forEach((v, j) => (reg += (v - (i === j ? 1 : 0)) ** 2)));
  return l / t.pairs + mu * reg;
}

test('with W ≠ I and the pull towards I, the gradient matches central differences of the definition', async () => {
  const { tf } = await loadTrainBackend();
  const rng = createRng(11);
  const dim = 4;
  const mu = 0.01;
  const x = Array.from({ length: 6 }, () => Array.from({ length: dim }, () => rng.next() - 0.5));
  const w = Array.from({ length: dim }, (_, i) =>
    Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0) + 0.3 * (rng.next() - 0.5)),
  );
  const t: Triplets = {
    anchor: Int32Array.of(0, 1, 3, 4, 2),
    positive: Int32Array.of(1, 0, 4, 3, 5),
    negative: Int32Array.of(3, 5, 0, 2, -1),
    kind: ['semi-hard', 'semi-hard', 'semi-hard', 'semi-hard', 'inactive'],
    pairs: 5,
  };
  const wv = tf.variable(tf.tensor2d(w.flat(), [dim, dim]));
  const eye = tf.eye(dim);
  const { value, grads } = tf.variableGrads(
    () =>
      tf.add(
        tripletLoss(tf, l2Normalize(tf, tf.matMul(tf.tensor2d(x.flat(), [6, dim]), wv) as Tensor2D), t, ALPHA),
        tf.mul(mu, tf.sum(tf.square(tf.sub(wv, eye)))),
      ) as Scalar,
    [wv],
  );
  const ref = referenceLoss(x, w, t, mu);
  assert.ok(ref > 0.01, 'the case has active triplets');
  assert.ok(Math.abs(value.dataSync()[0] - ref) < 1e-5);
  const g = grads[wv.name].dataSync();
  const h = 1e-6;
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      const plus = w.map((r) => r.slice());
      const minus = w.map((r) => r.slice());
      plus[i][j] += h;
      minus[i][j] -= h;
      const numeric = (referenceLoss(x, plus, t, mu) - referenceLoss(x, minus, t, mu)) / (2 * h);
      assert.ok(Math.abs(g[i * dim + j] - numeric) < 1e-4, `dW[${i}][${j}] ${g[i * dim + j]} vs ${numeric}`);
    }
  }
});
