/**
 * The head while it trains: its parameters as plain Float32Arrays (updated by ./adam), a tfjs forward pass that
 * tfjs differentiates, and the pull towards the identity with its gradient. `snapshot()` gives the stored form
 * (./head). Both architectures start at the identity, so step 0 is exactly the backbone.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { identityLinearHead, type Head } from './head';
import type { TrainSettings } from './settings';
import type { Tf } from './tf-backend';

const D = DESCRIPTOR_SIZE;

export interface TrainableHead {
  /** Updated in place by the optimizer. */
  readonly params: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
  /** Raw (unnormalised) outputs for the rows of x; `p` are the params as tensors, in order. */
  forward(tf: Tf, x: Tensor2D, p: readonly Tensor[]): Tensor2D;
  /** Adds the pull's gradient into `grads` and returns its value. */
  regularise(grads: readonly Float32Array[]): number;
  snapshot(): Head;
}

export function createTrainableHead(s: TrainSettings, rng: Rng): TrainableHead {
  return s.arch === 'linear' ? linear(s.mu) : residual(s.mu, s.hidden, rng);
}

/** z = x M, pulled towards M = I by μ‖M − I‖². */
function linear(mu: number): TrainableHead {
  const m = Float32Array.from(identityLinearHead().m);
  return {
    params: [m],
    shapes: [[D, D]],
    forward: (tf, x, [mt]) => inputTimes(tf, x, mt as Tensor2D),
    regularise: ([g]) => {
      let value = 0;
      for (let i = 0; i < D; i++) {
        for (let j = 0; j < D; j++) {
          const k = i * D + j;
          const diff = m[k] - (i === j ? 1 : 0);
          value += diff * diff;
          g[k] += 2 * mu * diff;
        }
      }
      return mu * value;
    },
    snapshot: () => ({ arch: 'linear', m: Float32Array.from(m) }),
  };
}

/** z = x + relu(x W1 + b1) W2 + b2 with W2 = 0, b2 = 0 at the start, pulled back by μ(‖W2‖² + ‖b2‖²). */
function residual(mu: number, hidden: number, rng: Rng): TrainableHead {
  // He-normal W1 from the seeded generator (tfjs's own initialisers are not seedable across backends).
  const w1 = new Float32Array(D * hidden);
  const sd = Math.sqrt(2 / D);
  for (let i = 0; i < w1.length; i++) {
    w1[i] = sd * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  }
  const b1 = new Float32Array(hidden);
  const w2 = new Float32Array(hidden * D);
  const b2 = new Float32Array(D);
  const pulled = [w2, b2];
  return {
    params: [w1, b1, w2, b2],
    shapes: [[D, hidden], [hidden], [hidden, D], [D]],
    forward: (tf, x, [tw1, tb1, tw2, tb2]) =>
      tf.add(
        tf.add(x, matMul(tf, tf.relu(tf.add(inputTimes(tf, x, tw1 as Tensor2D), tb1)) as Tensor2D, tw2 as Tensor2D)),
        tb2,
      ),
    regularise: (grads) => {
      let value = 0;
      pulled.forEach((p, i) => {
        const g = grads[i + 2];
        for (let k = 0; k < p.length; k++) {
          value += p[k] * p[k];
          g[k] += 2 * mu * p[k];
        }
      });
      return mu * value;
    },
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
    const [ta, tb] = inputs as [Tensor2D, Tensor2D];
    return {
      value: tf.matMul(ta, tb),
      gradFunc: (dy: Tensor) => [
        tf.matMul(dy as Tensor2D, tf.transpose(tb)),
        tf.matMul(tf.transpose(ta), dy as Tensor2D),
      ],
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
