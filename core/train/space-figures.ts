/**
 * The gate's measurements, read with core/verify (FaceNet §5.1 definitions): AUC and VAL at FAR 1e-3 in a
 * given embedding space, over all pairs of a set of faces or over the pairs that involve a held-out face.
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { auc, operatingPointAtFar, pairStats, pairStatsFromDistances, type PairStats } from '../verify';
import { DEFAULT_MAX_PAIRS } from '../verify/pair-stats';
import { createRng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import type { Tf } from './tf-backend';

const D = DESCRIPTOR_SIZE;
export const GATE_FAR = 1e-3;

export interface SpaceFigures {
  readonly auc: number;
  readonly valAtFar1e3: number;
  /** The largest distance with FAR <= 1e-3 on these pairs. */
  readonly threshold: number;
  readonly samePairs: number;
  readonly diffPairs: number;
}

export function figures(stats: PairStats): SpaceFigures {
  const op = operatingPointAtFar(stats, GATE_FAR);
  return {
    auc: auc(stats),
    valAtFar1e3: op.val,
    threshold: op.threshold,
    samePairs: stats.sameTotal,
    diffPairs: stats.diffTotal,
  };
}

/** The rows `rows` of an n x 128 matrix, packed. */
export function gatherRows(vectors: Float32Array, rows: readonly number[]): Float32Array {
  const sub = new Float32Array(rows.length * D);
  rows.forEach((r, i) => sub.set(vectors.subarray(r * D, (r + 1) * D), i * D));
  return sub;
}

/**
 * Every pair of faces in `vectors` (n x 128): exactly, from distance blocks on the training backend, up to the
 * pair cap of core/verify; above it, core/verify's uniform sample of pairs.
 */
export function figuresOfAllPairs(tf: Tf, vectors: Float32Array, labels: Int32Array): SpaceFigures {
  const n = labels.length;
  if ((n * (n - 1)) / 2 > DEFAULT_MAX_PAIRS) return figures(pairStats(vectors, labels));
  const same: number[] = [];
  const diff: number[] = [];
  forEachDistanceRow(tf, vectors, vectors, (i, row) => {
    for (let j = i + 1; j < n; j++) (labels[i] === labels[j] ? same : diff).push(row[j]);
  });
  return figures(pairStatsFromDistances(same, diff));
}

/**
 * Pairs of labelled faces (label >= 0) with at least one held-out face: a held-out photo against the others
 * is what matching a new photo against the people's labelled faces looks like. `other` may be a second space
 * (the parent's) to measure cross-version compatibility: then face i is in `mapped`, face j in `other`.
 * Every same-person pair counts; beyond `maxDiffPairs` different-person pairs, a seeded uniform sample of them
 * does (FAR is then an estimate; 2M pairs bound its error at FAR 1e-3 to about ±0.05%).
 */
export function heldOutPairs(
  tf: Tf,
  mapped: Float32Array,
  labels: Int32Array,
  heldOut: readonly boolean[],
  other: Float32Array = mapped,
  maxDiffPairs = DEFAULT_MAX_PAIRS,
): PairStats {
  const n = labels.length;
  let held = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) continue;
    all++;
    if (heldOut[i]) held++;
  }
  const approxDiff = held * all - (held * (held + 1)) / 2;
  const keep = approxDiff > maxDiffPairs ? maxDiffPairs / approxDiff : 1;
  const rng = createRng(7);
  const same: number[] = [];
  const diff: number[] = [];
  forEachDistanceRow(tf, mapped, other, (i, row) => {
    if (labels[i] < 0) return;
    for (let j = i + 1; j < n; j++) {
      if (labels[j] < 0 || !(heldOut[i] || heldOut[j])) continue;
      if (keep < 1 && labels[i] !== labels[j] && rng.next() >= keep) continue;
      (labels[i] === labels[j] ? same : diff).push(row[j]);
    }
  });
  return pairStatsFromDistances(same, diff);
}

/**
 * Euclidean distances of each row of `a` to every row of `b` (both k x 128), visited row by row, computed a block
 * of rows at a time as |a|² + |b|² − 2·a·bᵀ on the training backend: the gate reads ~10^6 pairs per training,
 * which scalar TS takes ~1 s for. Float32 products: distances are exact to ~1e-6, far below any threshold step.
 */
function forEachDistanceRow(
  tf: Tf,
  a: Float32Array,
  b: Float32Array,
  visit: (i: number, row: Float32Array) => void,
): void {
  const n = a.length / D;
  const m = b.length / D;
  if (n === 0 || m === 0) return;
  const block = Math.max(1, Math.floor(4_000_000 / m)); // read back at most ~16 MB at a time
  const [bt, nb] = tf.tidy(() => {
    const tb = tf.tensor2d(b, [m, D]);
    // Explicit transpose: tfjs-wasm runs a transposed operand outside XNNPACK.
    return [tf.transpose(tb), tf.reshape(tf.sum(tf.square(tb), 1), [1, m])];
  });
  try {
    for (let start = 0; start < n; start += block) {
      const rows = Math.min(block, n - start);
      let d: Float32Array = new Float32Array(0);
      tf.tidy(() => {
        const ta = tf.tensor2d(a.subarray(start * D, (start + rows) * D), [rows, D]);
        const na = tf.sum(tf.square(ta), 1, true);
        const sq = tf.sub(tf.add(na, nb), tf.mul(2, tf.matMul(ta, bt as Tensor2D)));
        d = tf.sqrt(tf.relu(sq)).dataSync() as Float32Array;
      });
      for (let i = 0; i < rows; i++) visit(start + i, d.subarray(i * m, (i + 1) * m));
    }
  } finally {
    tf.dispose([bt, nb]);
  }
}
