/**
 * The FaceNet triplet loss on mined triplets, as a tfjs scalar:
 *   L = (1/P) Σ_active max(0, ‖u_a−u_p‖² − ‖u_a−u_n‖² + α)
 * where P counts every anchor-positive pair (inactive ones add 0). Its gradient with respect to the embeddings
 * is written out (∂/∂u_a = 2(u_n − u_p), ∂/∂u_p = 2(u_p − u_a), ∂/∂u_n = 2(u_a − u_n) per active triplet) and
 * handed to tfjs as a custom gradient; tfjs differentiates the rest (normalisation, the head). Picking rows inside
 * the graph would cost transposed matrix products per step (slow on WASM) or gather, whose gradient has no WASM
 * kernel.
 */
import type { Tensor, Tensor2D, Scalar } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-backend';
import type { Triplets } from './semi-hard-miner';

export function tripletLoss(tf: Tf, emb: Tensor2D, t: Triplets, alpha: number): Scalar {
  const op = tf.customGrad((...inputs: (Tensor | unknown)[]) => {
    const e = inputs[0] as Tensor;
    const { loss, grad } = tripletLossAndGradient(e.dataSync() as Float32Array, e.shape[1]!, t, alpha);
    const value: Tensor = tf.scalar(loss);
    return { value, gradFunc: (dy: Tensor) => tf.mul(dy, tf.tensor(grad, e.shape)) };
  });
  return op(emb) as Scalar;
}

/** The loss and ∂L/∂u in float64 arithmetic on the embeddings' values (n x dim, row-major). */
export function tripletLossAndGradient(
  u: Float32Array,
  dim: number,
  t: Triplets,
  alpha: number,
): { loss: number; grad: Float32Array } {
  const grad = new Float64Array(u.length);
  let loss = 0;
  const sq = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < dim; k++) {
      const d = u[i * dim + k] - u[j * dim + k];
      s += d * d;
    }
    return s;
  };
  for (let i = 0; i < t.pairs; i++) {
    const n = t.negative[i];
    if (n < 0) continue;
    const a = t.anchor[i];
    const p = t.positive[i];
    const l = sq(a, p) - sq(a, n) + alpha;
    if (l <= 0) continue;
    loss += l;
    for (let k = 0; k < dim; k++) {
      const ua = u[a * dim + k];
      const up = u[p * dim + k];
      const un = u[n * dim + k];
      grad[a * dim + k] += 2 * (un - up);
      grad[p * dim + k] += 2 * (up - ua);
      grad[n * dim + k] += 2 * (ua - un);
    }
  }
  const scale = t.pairs > 0 ? 1 / t.pairs : 0;
  return { loss: loss * scale, grad: Float32Array.from(grad, (g) => g * scale) };
}

/** Rows divided by their L2 norm (eps keeps a zero row finite). */
export function l2Normalize(tf: Tf, z: Tensor2D): Tensor2D {
  return tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12)));
}
