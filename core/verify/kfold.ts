import { accuracyAt, bestAccuracy } from './metrics';
import type { PairStats } from './pair-stats';
import { createRng } from './rng';

export interface KFoldResult {
  /** Mean held-out accuracy over the folds (the LFW figure). */
  readonly mean: number;
  /** Standard deviation of the per-fold accuracies (sample SD, n−1). */
  readonly std: number;
  readonly folds: readonly { readonly threshold: number; readonly accuracy: number; readonly pairs: number }[];
}

/**
 * k-fold accuracy by the LFW protocol: for each fold, the threshold of best accuracy is chosen on the other k−1
 * folds and the accuracy is measured on the held-out one; the result is the mean over folds.
 *
 * Folds are over PAIRS, stratified: same pairs and different pairs are each shuffled (seeded) and dealt round-robin
 * into k folds, so every fold has the same mix. (LFW's own folds are identity-disjoint; a user's library has too
 * few people for k identity folds of comparable size, and only one scalar is fitted, so the leak through shared
 * faces is small.) When pairs were sampled, each fold's accuracy is weighted back to the full set's proportions.
 */
export function kFoldAccuracy(stats: PairStats, opts: { k?: number; seed?: number } = {}): KFoldResult {
  const k = opts.k ?? 10;
  const pairs = stats.same.length + stats.diff.length;
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  if (pairs < k) throw new RangeError(`k-fold accuracy needs at least k = ${k} pairs, got ${pairs}`);
  const rng = createRng(opts.seed ?? 1);
  const sameFold = dealFolds(stats.same.length, k, rng);
  // Continue the round-robin where the same pairs stopped, so small sets do not leave late folds empty.
  const diffFold = dealFolds(stats.diff.length, k, rng, stats.same.length % k);
  const sameScale = stats.same.length ? stats.sameTotal / stats.same.length : 0;
  const diffScale = stats.diff.length ? stats.diffTotal / stats.diff.length : 0;
  const part = (f: number, held: boolean): PairStats => {
    const same = pick(stats.same, sameFold, f, held);
    const diff = pick(stats.diff, diffFold, f, held);
    return {
      ...stats,
      same,
      diff,
      sameTotal: same.length * sameScale,
      diffTotal: diff.length * diffScale,
    };
  };
  const folds = [];
  for (let f = 0; f < k; f++) {
    const { threshold } = bestAccuracy(part(f, false));
    const test = part(f, true);
    folds.push({ threshold, accuracy: accuracyAt(test, threshold), pairs: test.same.length + test.diff.length });
  }
  const mean = folds.reduce((s, x) => s + x.accuracy, 0) / k;
  const std = Math.sqrt(folds.reduce((s, x) => s + (x.accuracy - mean) ** 2, 0) / (k - 1));
  return { mean, std, folds };
}

/** fold[i] for i in 0..n−1: a seeded shuffle dealt round-robin, so fold sizes differ by at most one. */
function dealFolds(n: number, k: number, rng: ReturnType<typeof createRng>, offset = 0): Uint16Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const fold = new Uint16Array(n);
  for (let p = 0; p < n; p++) fold[order[p]] = (p + offset) % k;
  return fold;
}

/** The sorted values in fold f (held) or in every other fold (not held); order, hence sortedness, is kept. */
function pick(sorted: Float64Array, fold: Uint16Array, f: number, held: boolean): Float64Array {
  let n = 0;
  for (let i = 0; i < fold.length; i++) if ((fold[i] === f) === held) n++;
  const out = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < fold.length; i++) if ((fold[i] === f) === held) out[w++] = sorted[i];
  return out;
}
