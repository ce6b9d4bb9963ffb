import { wilsonInterval } from './error-bounds';
import type { PairStats } from './pair-stats';
import { countAtMost, nextDown } from './sorted-search';

/**
 * The paper's figures (FaceNet §5.1) read off sorted pair distances. A pair is ACCEPTED at threshold d when its
 * distance is <= d. Rates whose denominator is empty (no same pairs for VAL, no different pairs for FAR) are NaN:
 * they are undefined, and a number there would be a made-up answer.
 */

export interface ValFar {
  /** |TA(d)| / |P_same|. */
  readonly val: number;
  /** |FA(d)| / |P_diff|. */
  readonly far: number;
  /** |TA(d)|: same-person pairs examined with distance <= d. */
  readonly ta: number;
  /** |FA(d)|: different-person pairs examined with distance <= d. */
  readonly fa: number;
}

const ratio = (k: number, n: number): number => (n > 0 ? k / n : NaN);

/** VAL, FAR, TA and FA at threshold d (counts are over the pairs examined, i.e. the sample when sampled). */
export function valFar(stats: PairStats, d: number): ValFar {
  const ta = countAtMost(stats.same, d);
  const fa = countAtMost(stats.diff, d);
  return { val: ratio(ta, stats.same.length), far: ratio(fa, stats.diff.length), ta, fa };
}

/**
 * The LARGEST d with FAR(d) <= target. FAR only changes at different-pair distances: with diff sorted and k the
 * most false accepts the target allows, FAR(d) <= target exactly for d < diff[k], so the answer is the largest
 * double below diff[k]. Ties: every pair at distance diff[k] is rejected together (a tie is never split), so a
 * run of equal distances can make the achieved FAR lower than the target. NaN when there are no different pairs.
 */
export function thresholdAtFar(stats: PairStats, target = 1e-3): number {
  if (!(target >= 0 && target < 1)) throw new RangeError(`target FAR must be in [0, 1), got ${target}`);
  const m = stats.diff.length;
  if (m === 0) return NaN;
  let k = Math.floor(target * m);
  if ((k + 1) / m <= target) k++;
  while (k > 0 && k / m > target) k--;
  return nextDown(stats.diff[k]);
}

export interface OperatingPoint extends ValFar {
  readonly threshold: number;
  readonly targetFar: number;
  /** 95% interval of the true FAR at this threshold (Wilson; exact [far, far] when diff pairs were not sampled). */
  readonly farInterval: { readonly lo: number; readonly hi: number };
}

/** thresholdAtFar plus what it buys: VAL, the achieved FAR and, when sampled, how far the true FAR may be. */
export function operatingPointAtFar(stats: PairStats, target = 1e-3): OperatingPoint {
  const threshold = thresholdAtFar(stats, target);
  const at = valFar(stats, threshold);
  const farInterval = stats.sampled.diff ? wilsonInterval(at.fa, stats.diff.length) : { lo: at.far, hi: at.far };
  return { ...at, threshold, targetFar: target, farInterval };
}

/**
 * Area under the ROC curve = P(a same pair is closer than a different pair), ties counting 1/2 — exact, by one
 * merge of the two sorted arrays. NaN unless both kinds of pair exist.
 */
export function auc(stats: PairStats): number {
  const { same, diff } = stats;
  if (same.length === 0 || diff.length === 0) return NaN;
  let lt = 0;
  let le = 0;
  let wins = 0;
  for (const s of same) {
    while (lt < diff.length && diff[lt] < s) lt++;
    if (le < lt) le = lt;
    while (le < diff.length && diff[le] <= s) le++;
    wins += diff.length - le + 0.5 * (le - lt);
  }
  return wins / same.length / diff.length;
}

/**
 * Accuracy at d over the whole pair set: (pairs accepted that are same + pairs rejected that are different) /
 * all pairs. Sampled sets are weighted back to their full sizes. NaN with no pairs at all.
 */
export function accuracyAt(stats: PairStats, d: number): number {
  const total = stats.sameTotal + stats.diffTotal;
  if (total === 0) return NaN;
  const { val, far } = valFar(stats, d);
  const accepted = stats.sameTotal > 0 ? stats.sameTotal * val : 0;
  const rejected = stats.diffTotal > 0 ? stats.diffTotal * (1 - far) : 0;
  return (accepted + rejected) / total;
}

export interface BestAccuracy {
  readonly accuracy: number;
  readonly threshold: number;
}

/**
 * The threshold of best accuracy over all pairs. Accuracy is constant between consecutive distinct distances,
 * so every interval [v, next) is one candidate; the MIDPOINT of the best interval is returned (the d farthest
 * from both neighbouring pairs), and among equally good intervals the lowest one. Accepting nothing and
 * accepting everything are candidates too.
 */
export function bestAccuracy(stats: PairStats): BestAccuracy {
  const { same, diff } = stats;
  const total = stats.sameTotal + stats.diffTotal;
  if (total === 0) return { accuracy: NaN, threshold: NaN };
  const ws = same.length ? stats.sameTotal / same.length : 0;
  const wd = diff.length ? stats.diffTotal / diff.length : 0;
  const first = Math.min(same.length ? same[0] : Infinity, diff.length ? diff[0] : Infinity);
  // Start below every distance: nothing accepted.
  let score = wd * diff.length;
  let bestScore = score;
  let bestThreshold = first > 0 ? first / 2 : nextDown(first);
  let i = 0;
  let j = 0;
  while (i < same.length || j < diff.length) {
    const v = Math.min(i < same.length ? same[i] : Infinity, j < diff.length ? diff[j] : Infinity);
    for (; i < same.length && same[i] === v; i++) score += ws;
    for (; j < diff.length && diff[j] === v; j++) score -= wd;
    if (score > bestScore) {
      bestScore = score;
      const next = Math.min(i < same.length ? same[i] : Infinity, j < diff.length ? diff[j] : Infinity);
      bestThreshold = next === Infinity ? v : (v + next) / 2;
    }
  }
  return { accuracy: bestScore / total, threshold: bestThreshold };
}

export interface RocPoint {
  readonly threshold: number;
  readonly val: number;
  readonly far: number;
}

/**
 * The ROC curve, VAL against FAR, as its corner points in increasing threshold: one point per distinct distance
 * (accept all pairs <= it), preceded by the accept-nothing point. When there are more than `maxPoints` corners,
 * the points at FAR targets spaced evenly on a log axis (from 1/|diff| to 1) are returned instead, which is what
 * a log-FAR plot needs. Empty unless both kinds of pair exist.
 */
export function rocCurve(stats: PairStats, opts: { maxPoints?: number } = {}): RocPoint[] {
  const { same, diff } = stats;
  if (same.length === 0 || diff.length === 0) return [];
  const maxPoints = Math.max(8, opts.maxPoints ?? 256);
  const first = Math.min(same[0], diff[0]);
  const points: RocPoint[] = [{ threshold: nextDown(first), val: 0, far: 0 }];
  let i = 0;
  let j = 0;
  while (i < same.length || j < diff.length) {
    const v = Math.min(i < same.length ? same[i] : Infinity, j < diff.length ? diff[j] : Infinity);
    while (i < same.length && same[i] === v) i++;
    while (j < diff.length && diff[j] === v) j++;
    points.push({ threshold: v, val: i / same.length, far: j / diff.length });
    if (points.length > maxPoints) return logFarCurve(stats, maxPoints);
  }
  return points;
}

function logFarCurve(stats: PairStats, maxPoints: number): RocPoint[] {
  const m = stats.diff.length;
  const out: RocPoint[] = [];
  const push = (threshold: number) => {
    if (out.length && out[out.length - 1].threshold === threshold) return;
    const { val, far } = valFar(stats, threshold);
    out.push({ threshold, val, far });
  };
  push(nextDown(Math.min(stats.same[0], stats.diff[0])));
  push(thresholdAtFar(stats, 0));
  const steps = maxPoints - 2;
  const lo = Math.log(1 / m);
  for (let s = 0; s < steps; s++) {
    const target = Math.exp(lo + ((0 - lo) * s) / steps);
    if (target < 1) push(thresholdAtFar(stats, target));
  }
  push(Math.max(stats.same[stats.same.length - 1], stats.diff[m - 1]));
  return out;
}
