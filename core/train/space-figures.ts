/**
 * The gate's measurements, read with core/verify (FaceNet §5.1 definitions): AUC and VAL at FAR 1e-3 in a
 * given embedding space, over all pairs of a set of faces or over the pairs that involve a held-out face.
 */
import { auc, operatingPointAtFar, pairStats, pairStatsFromDistances, type PairStats } from '../verify';
import { createRng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';

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

/** Every pair of faces in `vectors` (n x 128). */
export function figuresOfAllPairs(vectors: Float32Array, labels: Int32Array): SpaceFigures {
  return figures(pairStats(vectors, labels));
}

/**
 * Pairs of labelled faces (label >= 0) with at least one held-out face: a held-out photo against the others
 * is what matching a new photo against the people's labelled faces looks like. `other` may be a second space
 * (the parent's) to measure cross-version compatibility: then face i is in `mapped`, face j in `other`.
 * Every same-person pair counts; beyond `maxDiffPairs` different-person pairs, a seeded uniform sample of them
 * does (FAR is then an estimate; 2M pairs bound its error at FAR 1e-3 to about ±0.05%).
 */
export function heldOutPairs(
  mapped: Float32Array,
  labels: Int32Array,
  heldOut: readonly boolean[],
  other: Float32Array = mapped,
  maxDiffPairs = 2_000_000,
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
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0) continue;
    for (let j = i + 1; j < n; j++) {
      if (labels[j] < 0 || !(heldOut[i] || heldOut[j])) continue;
      if (keep < 1 && labels[i] !== labels[j] && rng.next() >= keep) continue;
      let s = 0;
      for (let k = 0; k < D; k++) {
        const t = mapped[i * D + k] - other[j * D + k];
        s += t * t;
      }
      (labels[i] === labels[j] ? same : diff).push(Math.sqrt(s));
    }
  }
  return pairStatsFromDistances(same, diff);
}
