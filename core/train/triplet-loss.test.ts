import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { createRng } from '../verify/rng';
import { loadTrainBackend } from './tf-backend';
import { objectiveOfTriplets, tripletObjectiveOp, tripletLossAndGradient } from './triplet-loss';
import type { Triplets } from './semi-hard-miner';
import { DEFAULT_SETTINGS } from './settings';
import { createTrainableHead } from './trainable-head';
import { DESCRIPTOR_SIZE } from '../vision/types';

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
  const objective = (z: Float32Array) => objectiveOfTriplets(z, 2, one(0, 1, 2), ALPHA);
  const f = (w: Tensor) => tripletObjectiveOp(tf, tf.matMul(x, w as Tensor2D), objective);
  const { value, grads } = tf.valueAndGrads(f)([tf.eye(2)]);
  assert.ok(Math.abs(value.dataSync()[0] - (0.6 - (2 - 2 * r))) < 1e-6);
  // dL/du_a = 2(u_n - u_p), dL/du_p = -2(u_a - u_p), dL/du_n = 2(u_a - u_n); through the normalisation
  // (|z| = 1): dL/dz = (I - u uᵀ) dL/du, giving (0, 0.2142), (-0.72, 0.96) and (1, -1); dL/dW = Σ x dzᵀ.
  const expected = [0.13110678, 0.27510678, 0.27510678, -0.13110678];
  const got = Array.from(grads[0].dataSync());
  got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-5, `dW[${i}] ${g} vs ${expected[i]}`));
});

test('an inactive triplet (beyond the margin) adds nothing and counts in the mean', () => {
  const emb = new Float32Array([0, 0, 0.1, 0, 0.5, 0, 3, 0]);
  // (0,1,2): 0.01 - 0.25 + 0.2 = -0.04 → 0; (1,0,3): 0.01 - 8.41 + 0.2 → 0; one active: (0,1) with n = 1?
  const t: Triplets = {
    anchor: Int32Array.of(0, 1, 0),
    positive: Int32Array.of(1, 0, 1),
    negative: Int32Array.of(2, 3, -1),
    kind: ['semi-hard', 'semi-hard', 'inactive'],
    pairs: 3,
  };
  assert.ok(Math.abs(tripletLossAndGradient(emb, 2, t, ALPHA).loss) < 1e-7);
  const active: Triplets = { ...t, negative: Int32Array.of(2, 2, -1) }; // (1,0,2): 0.01 - 0.16 + 0.2 = 0.05
  assert.ok(Math.abs(tripletLossAndGradient(emb, 2, active, ALPHA).loss - 0.05 / 3) < 1e-6);
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

test('with W ≠ I, the gradient through the head matches central differences of the definition', async () => {
  const { tf } = await loadTrainBackend();
  const rng = createRng(11);
  const dim = DESCRIPTOR_SIZE;
  const mu = 0; // the pull towards I is applied, and tested, in ./adam
  const head = createTrainableHead(DEFAULT_SETTINGS, rng);
  const m = head.params[0];
  m.forEach((v, k) => (m[k] = v + 0.3 * (rng.next() - 0.5)));
  const w = Array.from({ length: dim }, (_, i) => Array.from(m.subarray(i * dim, (i + 1) * dim)));
  const x = Array.from({ length: 6 }, () => Array.from({ length: dim }, () => rng.next() - 0.5));
  const t: Triplets = {
    anchor: Int32Array.of(0, 1, 3, 4, 2),
    positive: Int32Array.of(1, 0, 4, 3, 5),
    negative: Int32Array.of(3, 5, 0, 2, -1),
    kind: ['semi-hard', 'semi-hard', 'semi-hard', 'semi-hard', 'inactive'],
    pairs: 5,
  };
  const xt = tf.tensor2d(x.flat(), [6, dim]);
  const objective = (z: Float32Array) => objectiveOfTriplets(z, dim, t, ALPHA);
  const { value, grads } = tf.valueAndGrads((...p: Tensor[]) =>
    tripletObjectiveOp(tf, head.forward(tf, xt, p), objective),
  )([tf.tensor2d(m, [dim, dim])]);
  const g = Float32Array.from(grads[0].dataSync());
  const total = value.dataSync()[0];
  const ref = referenceLoss(x, w, t, mu);
  assert.ok(ref > 0.01, 'the case has active triplets');
  assert.ok(Math.abs(total - ref) < 1e-4, `loss ${total} vs ${ref}`);
  const h = 1e-4;
  // Diagonal entries and random ones (all 16k would take minutes in float64 reference arithmetic).
  const entries = [0, 1, 2, 3]
    .map((i) => [i, i])
    .concat(Array.from({ length: 24 }, () => [rng.int(dim), rng.int(dim)]));
  for (const [i, j] of entries) {
    const plus = w.map((r) => r.slice());
    const minus = w.map((r) => r.slice());
    plus[i][j] += h;
    minus[i][j] -= h;
    const numeric = (referenceLoss(x, plus, t, mu) - referenceLoss(x, minus, t, mu)) / (2 * h);
    assert.ok(Math.abs(g[i * dim + j] - numeric) < 1e-4, `dW[${i}][${j}] ${g[i * dim + j]} vs ${numeric}`);
  }
});

test('through the residual MLP, the gradients of both layers match central differences', async () => {
  const { tf } = await loadTrainBackend();
  const rng = createRng(12);
  const dim = DESCRIPTOR_SIZE;
  const head = createTrainableHead({ ...DEFAULT_SETTINGS, arch: 'residual-mlp', hidden: 6 }, rng);
  head.params[2].forEach((_, k) => (head.params[2][k] = 0.3 * (rng.next() - 0.5))); // W2 ≠ 0: both layers matter
  const x = new Float32Array(6 * dim).map(() => rng.next() - 0.5);
  const t: Triplets = {
    anchor: Int32Array.of(0, 1, 3, 4),
    positive: Int32Array.of(1, 0, 4, 3),
    negative: Int32Array.of(3, 5, 0, 2),
    kind: ['semi-hard', 'semi-hard', 'semi-hard', 'semi-hard'],
    pairs: 4,
  };
  const xt = tf.tensor2d(x, [6, dim]);
  const objective = (z: Float32Array) => objectiveOfTriplets(z, dim, t, ALPHA);
  const tensors = () => head.params.map((p, i) => tf.tensor(p, head.shapes[i] as number[]));
  const { grads } = tf.valueAndGrads((...p: Tensor[]) => tripletObjectiveOp(tf, head.forward(tf, xt, p), objective))(
    tensors(),
  );
  const loss = () => {
    let value = 0;
    tf.tidy(() => {
      value = objective(head.forward(tf, xt, tensors()).dataSync() as Float32Array).loss;
    });
    return value;
  };
  assert.ok(loss() > 0.01, 'the case has active triplets');
  const h = 1e-3;
  for (const which of [0, 2]) {
    const g = grads[which].dataSync();
    const p = head.params[which];
    for (let n = 0; n < 12; n++) {
      const k = rng.int(p.length);
      const keep = p[k];
      p[k] = keep + h;
      const plus = loss();
      p[k] = keep - h;
      const minus = loss();
      p[k] = keep;
      const numeric = (plus - minus) / (2 * h);
      assert.ok(Math.abs(g[k] - numeric) < 2e-3, `layer ${which} weight ${k}: ${g[k]} vs ${numeric}`);
    }
  }
});
