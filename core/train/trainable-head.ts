/**
 * The head while it trains: its parameters as plain Float32Arrays (updated by ./adam), a tfjs forward pass that
 * tfjs differentiates, and the pull towards the identity with its gradient. `snapshot()` gives the stored form
 * (./head). Both architectures start at the identity, so step 0 is exactly the backbone.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { headParams, identityLinearHead, type Head } from '../space/head';
import type { TrainSettings } from './settings';
import type { Tf } from './tf-backend';

const D = DESCRIPTOR_SIZE;

export interface TrainableHead {
  /** Updated in place by the optimizer. */
  readonly params: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
  /** Raw (unnormalised) outputs for the rows of x; `p` are the params as tensors, in order. */
  forward(tf: Tf, x: Tensor2D, p: readonly Tensor[]): Tensor2D;
  /** Per parameter, what μ‖θ − target‖² pulls it towards (null: not pulled); ./adam applies it. */
  readonly pullTargets: readonly (Float32Array | null)[];
  snapshot(): Head;
}

export function createTrainableHead(s: TrainSettings, rng: Rng): TrainableHead {
  return s.arch === 'linear' ? linear() : residual(s.hidden, rng);
}

/**
 * Rows (n x D) through a stored head (null: the backbone), normalised, computed by tfjs: the gate maps every
 * labelled face through several heads, ~10x faster than ./head's scalar applyHead on WASM.
 */
export function embed(tf: Tf, head: Head | null, vectors: Float32Array): Float32Array {
  const params = head ? headParams(head) : [];
  const shapes = head?.arch === 'residual-mlp' ? residualShapes(head.hidden) : [[D, D]];
  const forward = head?.arch === 'residual-mlp' ? residualForward : linearForward;
  let out: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const x = tf.tensor2d(vectors, [vectors.length / D, D]);
    const z = head
      ? forward(
          tf,
          x,
          params.map((p, i) => tf.tensor(p, shapes[i])),
        )
      : x;
    out = normalise(tf, z).dataSync() as Float32Array;
  });
  return out;
}

/** Rows divided by their L2 norm (1e-12 under the root keeps a zero row finite). */
export function normalise(tf: Tf, z: Tensor2D): Tensor2D {
  return tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12)));
}

const linearForward = (tf: Tf, x: Tensor2D, [m]: readonly Tensor[]) => inputTimes(tf, x, m as Tensor2D);
const residualForward = (tf: Tf, x: Tensor2D, [w1, b1, w2, b2]: readonly Tensor[]) =>
  tf.add(
    tf.add(x, matMul(tf, tf.relu(tf.add(inputTimes(tf, x, w1 as Tensor2D), b1)) as Tensor2D, w2 as Tensor2D)),
    b2,
  ) as Tensor2D;
const residualShapes = (hidden: number) => [[D, hidden], [hidden], [hidden, D], [D]];

/** z = x M, pulled towards M = I by μ‖M − I‖². */
function linear(): TrainableHead {
  const eye = identityLinearHead().m;
  const m = Float32Array.from(eye);
  return {
    params: [m],
    shapes: [[D, D]],
    forward: linearForward,
    pullTargets: [eye],
    snapshot: () => ({ arch: 'linear', m: Float32Array.from(m) }),
  };
}

/** z = x + relu(x W1 + b1) W2 + b2 with W2 = 0, b2 = 0 at the start, pulled back by μ(‖W2‖² + ‖b2‖²). */
function residual(hidden: number, rng: Rng): TrainableHead {
  // He-normal W1 from the seeded generator (tfjs's own initialisers are not seedable across backends).
  const w1 = new Float32Array(D * hidden);
  const sd = Math.sqrt(2 / D);
  for (let i = 0; i < w1.length; i++) {
    w1[i] = sd * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  }
  const b1 = new Float32Array(hidden);
  const w2 = new Float32Array(hidden * D);
  const b2 = new Float32Array(D);
  return {
    params: [w1, b1, w2, b2],
    shapes: residualShapes(hidden),
    forward: residualForward,
    pullTargets: [null, null, new Float32Array(w2.length), new Float32Array(b2.length)],
    snapshot: () => ({
      arch: 'residual-mlp',
      hidden,
      w1: Float32Array.from(w1),
      b1: Float32Array.from(b1),
      w2: Float32Array.from(w2),
      b2: Float32Array.from(b2),
    }),
  };
}

/**
 * a·b whose gradient multiplies by explicit transposes: tfjs's own MatMul gradient asks for aᵀ·dy and dy·bᵀ as
 * transposed products, which tfjs-wasm runs outside XNNPACK, ~5x slower than transpose-then-multiply
 * (0.68 vs 0.13 ms for the 32x128x128 step; bench/train-bench.ts).
 */
function matMul(tf: Tf, a: Tensor2D, b: Tensor2D): Tensor2D {
  const op = tf.customGrad((...inputs: (Tensor | unknown)[]) => {
    const [ta, tb, save] = inputs as [Tensor2D, Tensor2D, (tensors: Tensor[]) => void];
    // Saved, not closed over: an input made inside the forward pass (relu's output) is gone by the backward one.
    save([ta, tb]);
    return {
      value: tf.matMul(ta, tb),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sa, sb] = saved as [Tensor2D, Tensor2D];
        return [tf.matMul(dy as Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as Tensor2D)];
      },
    };
  });
  return op(a, b) as Tensor2D;
}

/** x·w for the constant input x: only w gets a gradient (xᵀ·dy), which saves the product dy·wᵀ. */
function inputTimes(tf: Tf, x: Tensor2D, w: Tensor2D): Tensor2D {
  const op = tf.customGrad((...inputs: (Tensor | unknown)[]) => {
    const tw = inputs[0] as Tensor2D;
    return { value: tf.matMul(x, tw), gradFunc: (dy: Tensor) => [tf.matMul(tf.transpose(x), dy as Tensor2D)] };
  });
  return op(w) as Tensor2D;
}
