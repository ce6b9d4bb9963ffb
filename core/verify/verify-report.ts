/**
 * The verification report of a labelled set (`facet eval verify`, the training gate's figures): pairs counted,
 * AUC, best accuracy and its threshold, 10-fold accuracy, and VAL / threshold at FAR 1e-2 and 1e-3.
 */
import { DESCRIPTOR_SIZE } from '../vision/types';
import { kFoldAccuracy } from './kfold';
import { auc, bestAccuracy, operatingPointAtFar } from './metrics';
import { pairStats, type PairStats, type PairStatsOptions } from './pair-stats';

export const REPORT_FARS = { '1e-2': 1e-2, '1e-3': 1e-3 } as const;
type FarKey = keyof typeof REPORT_FARS;

/** Every figure is null where it is undefined (no pair of a kind), never NaN, so the JSON stays valid. */
export interface VerifyReport {
  readonly faces: number;
  readonly identities: number;
  readonly pairs: { readonly same: number; readonly diff: number };
  readonly sampled: { readonly same: boolean; readonly diff: boolean };
  /** 95% DKW bounds on VAL and FAR at every threshold at once (0 when exact). */
  readonly errorBound: { readonly val: number; readonly far: number };
  readonly auc: number | null;
  readonly bestAccuracy: number | null;
  readonly bestThreshold: number | null;
  readonly kfoldAccuracy: number | null;
  readonly kfoldStd: number | null;
  readonly folds: number;
  readonly valAtFar: Record<FarKey, number | null>;
  readonly thresholdAtFar: Record<FarKey, number | null>;
  /** The FAR actually reached at each threshold (<= the target; lower when ties or few pairs force it). */
  readonly farAtThreshold: Record<FarKey, number | null>;
  /** 1 / different pairs examined: targets below it cannot be told from zero. */
  readonly farResolution: number | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function reportFromStats(stats: PairStats, faces: number, identities: number, folds = 10): VerifyReport {
  const best = bestAccuracy(stats);
  const pairsExamined = stats.same.length + stats.diff.length;
  const kfold =
    pairsExamined >= folds && stats.same.length && stats.diff.length ? kFoldAccuracy(stats, { k: folds }) : null;
  const at = (Object.keys(REPORT_FARS) as FarKey[]).map(
    (k) => [k, stats.diff.length ? operatingPointAtFar(stats, REPORT_FARS[k]) : null] as const,
  );
  const pick = (f: (p: NonNullable<(typeof at)[number][1]>) => number) =>
    Object.fromEntries(at.map(([k, p]) => [k, p ? finite(f(p)) : null])) as Record<FarKey, number | null>;
  return {
    faces,
    identities,
    pairs: { same: stats.sameTotal, diff: stats.diffTotal },
    sampled: stats.sampled,
    errorBound: stats.errorBound,
    auc: finite(auc(stats)),
    bestAccuracy: finite(best.accuracy),
    bestThreshold: finite(best.threshold),
    kfoldAccuracy: kfold && finite(kfold.mean),
    kfoldStd: kfold && finite(kfold.std),
    folds,
    valAtFar: pick((p) => p.val),
    thresholdAtFar: pick((p) => p.threshold),
    farAtThreshold: pick((p) => p.far),
    farResolution: stats.diff.length ? 1 / stats.diff.length : null,
  };
}

/** The report of faces labelled by identity name (a folder name, a person). */
export function verifyReport(
  faces: readonly { readonly identity: string; readonly descriptor: Float32Array }[],
  opts: PairStatsOptions = {},
): VerifyReport {
  if (faces.length < 2) throw new RangeError(`need at least two labelled faces to form a pair, got ${faces.length}`);
  const ids = new Map<string, number>();
  const labels = Int32Array.from(faces, (f) => {
    if (!ids.has(f.identity)) ids.set(f.identity, ids.size);
    return ids.get(f.identity)!;
  });
  const vectors = new Float32Array(faces.length * DESCRIPTOR_SIZE);
  faces.forEach((f, i) => {
    if (f.descriptor.length !== DESCRIPTOR_SIZE) throw new RangeError(`face ${i} has ${f.descriptor.length} values`);
    vectors.set(f.descriptor, i * DESCRIPTOR_SIZE);
  });
  return reportFromStats(pairStats(vectors, labels, opts), faces.length, ids.size);
}

const pct = (x: number | null, digits = 2) => (x === null ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | null, digits = 4) => (x === null ? 'n/a' : x.toFixed(digits));

/** The report as the terminal shows it. */
export function formatReport(r: VerifyReport): string {
  const sampled = r.sampled.diff || r.sampled.same;
  const lines = [
    `faces ${r.faces} of ${r.identities} identities`,
    `pairs: ${r.pairs.same} same, ${r.pairs.diff} different` +
      (sampled
        ? ` (sampled; FAR within ±${r.errorBound.far.toFixed(4)} and VAL within ±${r.errorBound.val.toFixed(4)} at 95%)`
        : ' (all pairs, exact)'),
    `AUC ${num(r.auc, 6)}`,
    `best accuracy ${pct(r.bestAccuracy)} at threshold ${num(r.bestThreshold)}`,
    `${r.folds}-fold accuracy ${pct(r.kfoldAccuracy)}${r.kfoldStd === null ? '' : ` ± ${pct(r.kfoldStd)}`}`,
  ];
  for (const k of Object.keys(REPORT_FARS) as FarKey[]) {
    lines.push(
      `VAL at FAR ${k}: ${pct(r.valAtFar[k])} (threshold ${num(r.thresholdAtFar[k])}, FAR reached ${pct(r.farAtThreshold[k], 3)})`,
    );
  }
  if (r.farResolution !== null && r.farResolution > 1e-3) {
    lines.push(
      `note: with ${r.pairs.diff} different pairs, a FAR below ${r.farResolution.toExponential(1)} cannot be measured`,
    );
  }
  return lines.join('\n');
}
