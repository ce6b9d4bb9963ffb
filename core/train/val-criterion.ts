/**
 * The early-stopping criterion of notes/finetune-experiment.md: the mean of τ·softplus((d_ap² − d_an² + α)/τ),
 * τ = 0.05, over triplets whose anchor is a validation face and whose positive and negative are other labelled
 * faces. A plain hinge reaches 0 within a few dozen steps and stops being informative. The triplets are drawn
 * once (seeded, capped) so that the criterion is comparable from step to step and cheap to read.
 */
import type { Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Tf } from './tf-backend';

const TAU = 0.05;
const D = DESCRIPTOR_SIZE;

/**
 * The triplets, fixed once: anchor i (local row i of `rows`) with every positive in positives[i] and every
 * negative in negatives[i], as local rows of `rows`.
 */
export interface ValCriterion {
  /** The rows the triplets touch (k x D backbone descriptors), anchors first: what a head must map for a reading. */
  readonly rows: Float32Array;
  readonly anchors: number;
  readonly positives: readonly Int32Array[];
  readonly negatives: readonly Int32Array[];
  readonly alpha: number;
  readonly count: number;
}

export interface ValCriterionLimits {
  readonly anchors: number;
  readonly positivesPerAnchor: number;
  readonly negativesPerAnchor: number;
}

const LIMITS: ValCriterionLimits = { anchors: 96, positivesPerAnchor: 4, negativesPerAnchor: 64 };

/** `val` and `others` are row indices into `vectors`; labels are person indices (>= 0). */
export function buildValCriterion(
  vectors: Float32Array,
  labels: Int32Array,
  val: readonly number[],
  others: readonly number[],
  alpha: number,
  rng: Rng,
  limits: ValCriterionLimits = LIMITS,
): ValCriterion {
  const anchors = shuffled(val, rng).slice(0, limits.anchors);
  const pool = [...val, ...others];
  // One shared pool of negatives keeps the rows to map (and so the cost of a reading) small.
  const negativePool = shuffled(pool, rng).slice(0, limits.negativesPerAnchor * 4);
  // Triplets (a, p, n) for every p in positives[i] and n in negatives[i] of anchors[i].
  const positives: number[][] = [];
  const negatives: number[][] = [];
  for (const a of anchors) {
    positives.push(
      shuffled(
        pool.filter((r) => r !== a && labels[r] === labels[a]),
        rng,
      ).slice(0, limits.positivesPerAnchor),
    );
    negatives.push(negativePool.filter((r) => labels[r] !== labels[a]).slice(0, limits.negativesPerAnchor));
  }
  const count = positives.reduce((s, pos, i) => s + pos.length * negatives[i].length, 0);
  // Map only the rows the triplets touch, anchors first.
  const rest = new Set([...positives.flat(), ...negatives.flat()]);
  anchors.forEach((a) => rest.delete(a));
  const rows = [...anchors, ...[...rest].sort((x, y) => x - y)];
  const local = new Map(rows.map((r, i) => [r, i]));
  const sub = new Float32Array(rows.length * D);
  rows.forEach((r, i) => sub.set(vectors.subarray(r * D, (r + 1) * D), i * D));
  const at = (list: number[]) => Int32Array.from(list, (r) => local.get(r)!);
  return {
    rows: sub,
    anchors: anchors.length,
    positives: positives.map(at),
    negatives: negatives.map(at),
    alpha,
    count,
  };
}

/**
 * Reads the criterion: tfjs maps the rows and takes every anchor-row product at once (SIMD, ~1.6 ms for 1k
 * labelled faces); plain TS then picks the ~25k triplets out of that matrix and sums their softplus (~1 ms).
 * Gathering the triplets in tfjs-wasm would cost more than all the rest (GatherV2: ~1.5 ms per 25k elements),
 * and distances pair by pair in TS ~2 ms more. Holds its one tensor until dispose().
 */
export class TfValCriterion {
  private readonly rows: Tensor2D;

  constructor(
    private readonly tf: Tf,
    private readonly c: ValCriterion,
  ) {
    this.rows = tf.tensor2d(c.rows, [c.rows.length / D, D]);
  }

  /** `map` turns backbone rows into the head's normalised embeddings (tfjs ops, inside this call's tidy). */
  score(map: (x: Tensor2D) => Tensor2D): number {
    const { tf, c } = this;
    if (c.count === 0) return 0;
    const n = c.rows.length / D;
    let dot: Float32Array = new Float32Array(0);
    let sq: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      const u = map(this.rows);
      // Explicit transpose: tfjs-wasm runs a transposed operand outside XNNPACK.
      dot = tf.matMul(tf.slice(u, [0, 0], [c.anchors, D]), tf.transpose(u)).dataSync() as Float32Array;
      sq = tf.sum(tf.square(u), 1).dataSync() as Float32Array;
    });
    // d²(a, r) = |u_a|² + |u_r|² − 2 u_a·u_r, summed in the order anchor, positive, negative.
    let s = 0;
    for (let a = 0; a < c.anchors; a++) {
      const neg = c.negatives[a];
      const dan = new Float64Array(neg.length);
      for (let j = 0; j < neg.length; j++) dan[j] = sq[a] + sq[neg[j]] - 2 * dot[a * n + neg[j]];
      for (const p of c.positives[a]) {
        const dap = sq[a] + sq[p] - 2 * dot[a * n + p] + c.alpha;
        for (let j = 0; j < dan.length; j++) {
          const x = (dap - dan[j]) / TAU;
          s += TAU * (x > 30 ? x : Math.log1p(Math.exp(x)));
        }
      }
    }
    return s / c.count;
  }

  dispose(): void {
    this.rows.dispose();
  }
}

export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
