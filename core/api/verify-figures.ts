import { auc, rocCurve, valFar, type PairStats } from '../verify';
import type { Histogram, OperatingPoint, RocPoint } from './contract';

const BINS = 40;

/** Same/different distance histograms on one shared set of bins from 0 to the largest distance seen. */
export function histogram(stats: PairStats): Histogram {
  const max = Math.max(stats.same.at(-1) ?? 0, stats.diff.at(-1) ?? 0, 1e-6);
  const width = max / BINS;
  const count = (sorted: Float64Array) => {
    const bins = new Array<number>(BINS).fill(0);
    for (const d of sorted) bins[Math.min(BINS - 1, Math.floor(d / width))]++;
    return bins;
  };
  return { start: 0, width, same: count(stats.same), diff: count(stats.diff) };
}

/** VAL/FAR/TA/FA at a threshold; null unless both kinds of pair exist. */
export function operatingPoint(stats: PairStats | null, threshold: number): OperatingPoint | null {
  if (!stats?.same.length || !stats.diff.length) return null;
  const { val, far, ta, fa } = valFar(stats, threshold);
  return { threshold, val, far, ta, fa };
}

export interface Figures {
  readonly auc: number | null;
  readonly roc: RocPoint[];
}

export function figures(stats: PairStats | null): Figures {
  if (!stats) return { auc: null, roc: [] };
  const a = auc(stats);
  return { auc: Number.isFinite(a) ? a : null, roc: rocCurve(stats, { maxPoints: 200 }) };
}
