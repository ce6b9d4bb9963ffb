import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../verify/rng';
import { Adam } from './adam';
import { loadTrainBackend } from './tf-backend';

test('Adam in plain TS takes the same steps as tf.train.adam', async () => {
  const { tf } = await loadTrainBackend();
  const rng = createRng(5);
  const start = new Float32Array(64).map(() => rng.next() - 0.5);
  const grads = Array.from({ length: 50 }, () => new Float32Array(64).map(() => (rng.next() - 0.5) * 10 ** rng.int(4)));
  const ours = Float32Array.from(start);
  const adam = new Adam([ours], { learningRate: 1e-2 });
  const theirs = tf.variable(tf.tensor1d(start));
  const opt = tf.train.adam(1e-2, 0.9, 0.999);
  for (const g of grads) {
    adam.step([g]);
    opt.applyGradients([{ name: theirs.name, tensor: tf.tensor1d(g) }]);
  }
  const want = theirs.dataSync();
  let moved = 0;
  ours.forEach((v, k) => {
    assert.ok(Math.abs(v - want[k]) < 1e-5, `weight ${k}: ${v} vs ${want[k]}`);
    moved = Math.max(moved, Math.abs(v - start[k]));
  });
  assert.ok(moved > 0.1, 'the steps moved the weights');
});

test('the pull towards a target adds 2μ(θ − target) to the gradient and reports μ‖θ − target‖²', async () => {
  const { tf } = await loadTrainBackend();
  const rng = createRng(8);
  const mu = 0.05;
  const target = new Float32Array(32).map(() => rng.next());
  const start = new Float32Array(32).map(() => rng.next());
  const ours = Float32Array.from(start);
  const adam = new Adam([ours], { learningRate: 1e-2, pull: { mu, targets: [target] } });
  const theirs = tf.variable(tf.tensor1d(start));
  const opt = tf.train.adam(1e-2, 0.9, 0.999);
  for (let step = 0; step < 30; step++) {
    const g = new Float32Array(32).map(() => rng.next() - 0.5);
    const w = Float32Array.from(theirs.dataSync());
    const want = mu * w.reduce((s: number, x, k) => s + (x - target[k]) ** 2, 0);
    const reported = adam.step([g]);
    assert.ok(Math.abs(reported - want) < 1e-6 * Math.max(1, want), `pull ${reported} vs ${want}`);
    const full = g.map((gk, k) => gk + 2 * mu * (w[k] - target[k]));
    opt.applyGradients([{ name: theirs.name, tensor: tf.tensor1d(full) }]);
  }
  const want = theirs.dataSync();
  ours.forEach((v, k) => assert.ok(Math.abs(v - want[k]) < 1e-5, `weight ${k}: ${v} vs ${want[k]}`));
});

test('a gradient that does not match its parameter is refused', () => {
  const adam = new Adam([new Float32Array(4)], { learningRate: 1e-3 });
  assert.throws(() => adam.step([new Float32Array(3)]), /3 values for 4 parameters/);
});
