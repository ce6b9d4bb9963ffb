import type { PairStats } from './pair-stats';
import { createRng, type Rng } from './rng';
import { nextDown } from './sorted-search';

export interface KFoldResult {
  /** Mean held-out accuracy over the folds (the LFW figure). */
  readonly mean: number;
  /** Standard deviation of the per-fold accuracies (sample SD, n−1). */
  readonly std: number;
  readonly folds: readonly { readonly threshold: number; readonly accuracy: number; readonly pairs: number }[];
}

export interface FoldAssignment {
  /** Fold of each entry of stats.same (same order). */
  readonly same: Uint16Array;
  /** Fold of each entry of stats.diff (same order). */
  readonly diff: Uint16Array;
}

/**
 * Folds over PAIRS, stratified: same pairs and different pairs are each shuffled (seeded) and dealt round-robin
 * into k folds, so every fold has the same mix; the different pairs continue the deal where the same pairs stopped,
 * so small sets do not leave late folds empty.
 */
export function assignFolds(stats: PairStats, k: number, seed = 1): FoldAssignment {
  const rng = createRng(seed);
  const same = dealFolds(stats.same.length, k, rng);
  return { same, diff: dealFolds(stats.diff.length, k, rng, stats.same.length % k) };
}

/**
 * k-fold accuracy by the LFW protocol: for each fold, the threshold of best accuracy (as `bestAccuracy` chooses
 * it: midpoint of the best interval, lowest on ties) is chosen on the other k−1 folds and the accuracy is measured
 * on the held-out one; the result is the mean over folds. (LFW's own folds are identity-disjoint; a user's library
 * has too few people for k identity folds of comparable size, and only one scalar is fitted, so the leak through
 * shared faces is small.) When pairs were sampled, accuracies are weighted back to the full set's proportions.
 *
 * One sweep over the merged sorted distances serves all k training sets at once (O(k) work per distinct distance,
 * no copies), then one pass counts each held-out fold's pairs under its threshold.
 */
export function kFoldAccuracy(stats: PairStats, opts: { k?: number; seed?: number } = {}): KFoldResult {
  const k = opts.k ?? 10;
  const { same, diff } = stats;
  const pairs = same.length + diff.length;
  if (!(Number.isInteger(k) && k >= 2 && k < 65536)) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  if (pairs < k) throw new RangeError(`k-fold accuracy needs at least k = ${k} pairs, got ${pairs}`);
  const fold = assignFolds(stats, k, opts.seed);
  const ws = same.length ? stats.sameTotal / same.length : 0;
  const wd = diff.length ? stats.diffTotal / diff.length : 0;
  const nSame = new Float64Array(k);
  const nDiff = new Float64Array(k);
  for (const f of fold.same) nSame[f]++;
  for (const f of fold.diff) nDiff[f]++;

  // Training score of fold f (all folds but f), up to a constant: + ws per accepted same, − wd per accepted diff.
  const score = new Float64Array(k);
  const best = new Float64Array(k);
  const threshold = new Float64Array(k);
  // A fold whose best interval starts at `from` waits for the next distance of its own training set to end it.
  const pending = new Uint8Array(k).fill(1);
  const from = new Float64Array(k).fill(NaN); // NaN: the accept-nothing interval
  const sameAt = new Float64Array(k);
  const diffAt = new Float64Array(k);
  let i = 0;
  let j = 0;
  while (i < same.length || j < diff.length) {
    const v = Math.min(i < same.length ? same[i] : Infinity, j < diff.length ? diff[j] : Infinity);
    let sAll = 0;
    let dAll = 0;
    for (; i < same.length && same[i] === v; i++, sAll++) sameAt[fold.same[i]]++;
    for (; j < diff.length && diff[j] === v; j++, dAll++) diffAt[fold.diff[j]]++;
    for (let f = 0; f < k; f++) {
      const s = sAll - sameAt[f];
      const d = dAll - diffAt[f];
      if (s + d === 0) continue; // v is not in fold f's training set
      if (pending[f]) {
        threshold[f] = Number.isNaN(from[f]) ? (v > 0 ? v / 2 : nextDown(v)) : (from[f] + v) / 2;
        pending[f] = 0;
      }
      score[f] += ws * s - wd * d;
      if (score[f] > best[f]) {
        best[f] = score[f];
        from[f] = v;
        pending[f] = 1;
      }
    }
    sameAt.fill(0);
    diffAt.fill(0);
  }
  for (let f = 0; f < k; f++) if (pending[f] && !Number.isNaN(from[f])) threshold[f] = from[f];

  const taTest = new Float64Array(k);
  const faTest = new Float64Array(k);
  fold.same.forEach((f, p) => {
    if (same[p] <= threshold[f]) taTest[f]++;
  });
  fold.diff.forEach((f, p) => {
    if (diff[p] <= threshold[f]) faTest[f]++;
  });
  const folds = Array.from({ length: k }, (_, f) => ({
    threshold: threshold[f],
    accuracy: (ws * taTest[f] + wd * (nDiff[f] - faTest[f])) / (ws * nSame[f] + wd * nDiff[f]),
    pairs: nSame[f] + nDiff[f],
  }));
  const mean = folds.reduce((s, x) => s + x.accuracy, 0) / k;
  const std = Math.sqrt(folds.reduce((s, x) => s + (x.accuracy - mean) ** 2, 0) / (k - 1));
  return { mean, std, folds };
}

/** fold[i] for i in 0..n−1: a seeded shuffle dealt round-robin, so fold sizes differ by at most one. */
function dealFolds(n: number, k: number, rng: Rng, offset = 0): Uint16Array {
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
