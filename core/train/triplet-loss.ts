/**
 * The FaceNet triplet loss on mined triplets, as a tfjs scalar:
 *   L = (1/P) Σ_active max(0, ‖u_a−u_p‖² − ‖u_a−u_n‖² + α)
 * where P counts every anchor-positive pair (inactive ones add 0). Rows are picked with one-hot difference
 * matrices rather than gather: gather's gradient (UnsortedSegmentSum) has no WASM kernel.
 */
import type { Tensor2D, Scalar } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-backend';
import type { Triplets } from './semi-hard-miner';

export function tripletLoss(tf: Tf, emb: Tensor2D, t: Triplets, alpha: number): Scalar {
  const rows = emb.shape[0];
  const active: number[] = [];
  for (let i = 0; i < t.pairs; i++) if (t.negative[i] >= 0) active.push(i);
  if (active.length === 0) return tf.scalar(0);
  const ap = new Float32Array(active.length * rows);
  const an = new Float32Array(active.length * rows);
  active.forEach((i, r) => {
    ap[r * rows + t.anchor[i]] += 1;
    ap[r * rows + t.positive[i]] -= 1;
    an[r * rows + t.anchor[i]] += 1;
    an[r * rows + t.negative[i]] -= 1;
  });
  const dap = tf.sum(tf.square(tf.matMul(tf.tensor2d(ap, [active.length, rows]), emb)), 1);
  const dan = tf.sum(tf.square(tf.matMul(tf.tensor2d(an, [active.length, rows]), emb)), 1);
  return tf.div(tf.sum(tf.relu(tf.add(tf.sub(dap, dan), alpha))), t.pairs);
}

/** Rows divided by their L2 norm (eps keeps a zero row finite). */
export function l2Normalize(tf: Tf, z: Tensor2D): Tensor2D {
  return tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12)));
}
