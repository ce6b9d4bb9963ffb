/**
 * The FaceNet triplet objective on the head's raw outputs z:
 *   u = z / ‖z‖ (per row),   L = (1/P) Σ_active max(0, ‖u_a−u_p‖² − ‖u_a−u_n‖² + α)
 * where P counts every anchor-positive pair (inactive ones add 0). Mining (with the current embeddings), the loss,
 * ∂L/∂u (2(u_n − u_p) for the anchor, 2(u_p − u_a) for the positive, 2(u_a − u_n) for the negative, per active
 * triplet) and the step back through the normalisation run in one plain-TS pass over a 32-row batch; tfjs sees a
 * single custom op and differentiates only the head. Done op by op in tfjs, the same arithmetic costs ~40 kernel
 * launches per step, which on WASM take longer than the head's matrix products.
 */
import type { Tensor, Tensor2D, Scalar } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-backend';
import { mineSemiHard, type Triplets } from './semi-hard-miner';

/** Rows divided by their L2 norm (1e-12 under the root keeps a zero row finite). */
export function normalizeRows(z: Float32Array, dim: number): { u: Float32Array; norms: Float64Array } {
  const n = z.length / dim;
  const u = new Float32Array(z.length);
  const norms = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += z[r * dim + k] * z[r * dim + k];
    const norm = Math.sqrt(s + 1e-12);
    norms[r] = norm;
    for (let k = 0; k < dim; k++) u[r * dim + k] = z[r * dim + k] / norm;
  }
  return { u, norms };
}

/** ∂L/∂z from ∂L/∂u through u = z/‖z‖: (g − u (u·g)) / ‖z‖ per row (only the first `norms.length` rows). */
export function backpropNormalization(
  u: Float32Array,
  norms: Float64Array,
  gradU: Float32Array,
  dim: number,
): Float32Array {
  const out = new Float32Array(norms.length * dim);
  for (let r = 0; r < norms.length; r++) {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += u[r * dim + k] * gradU[r * dim + k];
    for (let k = 0; k < dim; k++) out[r * dim + k] = (gradU[r * dim + k] - u[r * dim + k] * dot) / norms[r];
  }
  return out;
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
  for (let i = 0; i < t.pairs; i++) {
    const n = t.negative[i];
    if (n < 0) continue;
    const a = t.anchor[i] * dim;
    const p = t.positive[i] * dim;
    const q = n * dim;
    let l = alpha;
    for (let k = 0; k < dim; k++) {
      const dp = u[a + k] - u[p + k];
      const dn = u[a + k] - u[q + k];
      l += dp * dp - dn * dn;
    }
    if (l <= 0) continue;
    loss += l;
    for (let k = 0; k < dim; k++) {
      const ua = u[a + k];
      const up = u[p + k];
      const un = u[q + k];
      grad[a + k] += 2 * (un - up);
      grad[p + k] += 2 * (up - ua);
      grad[q + k] += 2 * (ua - un);
    }
  }
  const scale = t.pairs > 0 ? 1 / t.pairs : 0;
  const out = new Float32Array(u.length);
  for (let k = 0; k < out.length; k++) out[k] = grad[k] * scale;
  return { loss: loss * scale, grad: out };
}

export interface BatchObjective {
  readonly loss: number;
  /** ∂L/∂z of the batch rows. */
  readonly gradZ: Float32Array;
  readonly triplets: Triplets;
}

/**
 * Normalise the batch, mine semi-hard triplets with the current embeddings, and return the loss and ∂L/∂z.
 * `fixed` rows (already unit length, no gradient) join the batch as positives and negatives but never as anchors:
 * harmonic training mixes the parent's embeddings of the same faces in this way.
 */
export function batchObjective(
  z: Float32Array,
  dim: number,
  labels: Int32Array,
  alpha: number,
  fixed?: { readonly rows: Float32Array; readonly labels: Int32Array },
): BatchObjective {
  const { u, norms } = normalizeRows(z, dim);
  const emb = fixed ? concat(u, fixed.rows) : u;
  const allLabels = fixed ? Int32Array.from([...labels, ...fixed.labels]) : labels;
  const triplets = mineSemiHard(emb, dim, allLabels, alpha, labels.length);
  const { loss, grad } = tripletLossAndGradient(emb, dim, triplets, alpha);
  return { loss, gradZ: backpropNormalization(u, norms, grad, dim), triplets };
}

/** The objective for given triplets (no mining): the loss and ∂L/∂z through the normalisation. */
export function objectiveOfTriplets(z: Float32Array, dim: number, t: Triplets, alpha: number): BatchObjective {
  const { u, norms } = normalizeRows(z, dim);
  const { loss, grad } = tripletLossAndGradient(u, dim, t, alpha);
  return { loss, gradZ: backpropNormalization(u, norms, grad, dim), triplets: t };
}

/** `objective` as a tfjs scalar op on z whose gradient is the one `objective` computed. */
export function tripletObjectiveOp(
  tf: Tf,
  z: Tensor2D,
  objective: (z: Float32Array) => { loss: number; gradZ: Float32Array },
): Scalar {
  const op = tf.customGrad((...inputs: (Tensor | unknown)[]) => {
    const t = inputs[0] as Tensor;
    const { loss, gradZ } = objective(t.dataSync() as Float32Array);
    return { value: tf.scalar(loss), gradFunc: (dy: Tensor) => tf.mul(dy, tf.tensor(gradZ, t.shape)) };
  });
  return op(z) as Scalar;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
