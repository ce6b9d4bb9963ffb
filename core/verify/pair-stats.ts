import { dkwEpsilon } from './error-bounds';
import { groupByIdentity } from './identity-groups';
import { PairDistances } from './pair-distances';
import { createRng } from './rng';

/**
 * The distance distributions of same-person and different-person pairs, sorted ascending, from which every
 * verification figure (VAL, FAR, ROC, AUC, thresholds, accuracy) is read by binary search or one merge.
 *
 * When a pair set is larger than its cap, `same`/`diff` hold a uniform sample (with replacement) of it and the
 * `*Total` fields keep the size of the whole set, so rates are estimates with the stated error bound.
 */
export interface PairStats {
  /** Euclidean distances of the same-person pairs examined, ascending. */
  readonly same: Float64Array;
  /** Euclidean distances of the different-person pairs examined, ascending. */
  readonly diff: Float64Array;
  /** Number of same-person pairs in the whole set (= same.length unless sampled). */
  readonly sameTotal: number;
  /** Number of different-person pairs in the whole set (= diff.length unless sampled). */
  readonly diffTotal: number;
  readonly sampled: { readonly same: boolean; readonly diff: boolean };
  /**
   * 95% DKW bounds: |estimated − true| <= bound for VAL (resp. FAR) at every threshold at once, with probability
   * >= 0.95. Zero for a set computed exactly.
   */
  readonly errorBound: { readonly val: number; readonly far: number };
}

export interface PairStatsOptions {
  /** Above this many different-person pairs, sample this many (default 2,000,000; Infinity = always exact). */
  readonly maxDiffPairs?: number;
  /** Above this many same-person pairs, sample this many (default 2,000,000; Infinity = always exact). */
  readonly maxSamePairs?: number;
  /** Seed of the sampler (default 1): same seed, same data, same figures. */
  readonly seed?: number;
}

export const DEFAULT_MAX_PAIRS = 2_000_000;

/**
 * Pair statistics of labelled faces: `vectors` holds n descriptors back to back (n·dim floats), `labels[i]` the
 * identity of face i. Every unordered pair of distinct faces counts once.
 */
export function pairStats(vectors: Float32Array, labels: Int32Array, opts: PairStatsOptions = {}): PairStats {
  const n = labels.length;
  if (n === 0) throw new RangeError('pairStats: no faces');
  const dim = vectors.length / n;
  if (!Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`pairStats: ${vectors.length} floats do not split into ${n} equal descriptors`);
  }
  const maxSame = opts.maxSamePairs ?? DEFAULT_MAX_PAIRS;
  const maxDiff = opts.maxDiffPairs ?? DEFAULT_MAX_PAIRS;
  if (!(maxSame >= 1 && maxDiff >= 1)) throw new RangeError('pairStats: maxSamePairs and maxDiffPairs must be >= 1');

  const groups = groupByIdentity(labels);
  const dist = new PairDistances(vectors, dim);
  const rng = createRng(opts.seed ?? 1);
  const sampleSame = groups.samePairs > maxSame;
  const sampleDiff = groups.diffPairs > maxDiff;
  const same = sampleSame ? dist.sampleSame(groups, maxSame, rng) : dist.allSame(groups);
  const diff = sampleDiff ? dist.sampleDiff(groups, maxDiff, rng) : dist.allDiff(groups);
  same.sort();
  diff.sort();
  return {
    same,
    diff,
    sameTotal: groups.samePairs,
    diffTotal: groups.diffPairs,
    sampled: { same: sampleSame, diff: sampleDiff },
    errorBound: { val: sampleSame ? dkwEpsilon(same.length) : 0, far: sampleDiff ? dkwEpsilon(diff.length) : 0 },
  };
}

/** Pair statistics from distances already known (hand-made cases, not_person pairs, subsets): exact, not sampled. */
export function pairStatsFromDistances(same: ArrayLike<number>, diff: ArrayLike<number>): PairStats {
  const s = Float64Array.from(same).sort();
  const f = Float64Array.from(diff).sort();
  // Sorted ascending with NaN last: checking both ends checks every distance.
  for (const d of [s[0], s[s.length - 1], f[0], f[f.length - 1]]) {
    if (d !== undefined && !(d >= 0))
      throw new RangeError(`pairStatsFromDistances: distance ${d} is not a number >= 0`);
  }
  return {
    same: s,
    diff: f,
    sameTotal: s.length,
    diffTotal: f.length,
    sampled: { same: false, diff: false },
    errorBound: { val: 0, far: 0 },
  };
}
