/**
 * The retrain gate, judged on the user's task (issue 11, item 4): naming new photos of named people without naming
 * strangers, at the thresholds each space would actually deploy (core/people/naming-rule, calibrated with the
 * library's own strangers in that space).
 *
 * Identity-disjoint folds: in fold f, fold f's people are strangers that its head never trained on; the others'
 * labelled photos form the gallery and their held-out photos arrive as new photos of named people. Each probe is
 * decided in the parent's space and in the fold head's space (paired), and the version is accepted only for a recall
 * gain beyond noise and no rise of strangers named beyond noise: a paired bootstrap over (fold, person) units, since
 * a person's photos are not independent of each other.
 *
 * Calibrated with strangers: an adapted space pushes the people it trained on apart, so leave-one-person-out among
 * them (the naming rule's evidence) is too optimistic there, and strangers it never saw land inside the threshold
 * (measured: 12-44% of dev's strangers named). The adapted space's pair threshold is therefore capped by the
 * target-FPIR quantile of REAL strangers' nearest distances: each fold's people against the gallery, in the head
 * that never saw them. Cross-fitted in the gate (fold f is decided with the cap from the other folds' strangers) and
 * pooled over all folds for the version that is stored.
 */
import { applyNamingRule } from '../people/assignment';
import { searchKnn } from '../people/knn-graph';
import { calibrateNaming, MIN_CALIBRATION_SAMPLES, normalQuantile } from '../people/naming-rule';
import { createRng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { gatherRows } from './space-figures';

const D = DESCRIPTOR_SIZE;

/** Bootstrap resamples; the bounds below move by < 0.5 points of their percentile between seeds at this count. */
export const BOOTSTRAP_RESAMPLES = 2000;
/** A recall gain counts when its two-sided 95% interval lies above 0. */
export const GAIN_LOWER_QUANTILE = 0.025;
/** A rise of strangers named refuses when its 80% interval lies above 0 (or its point estimate does: see below). */
export const HARM_LOWER_QUANTILE = 0.1;

/** One fold: its people (strangers) and the space each side decides in. */
export interface NamingGateFold {
  readonly strangers: ReadonlySet<number>;
  /** All rows' descriptors in the parent's space and in the fold head's space (n x 128 each). */
  readonly before: Float32Array;
  readonly after: Float32Array;
  /** Pair thresholds each space deploys (the naming rule is never looser). */
  readonly beforePairThreshold: number;
  /** The fold head's own pair threshold, set on the fold's gallery as a trained version's is (FAR 1e-3). */
  readonly afterPairThreshold: (gallery: readonly number[]) => number;
}

export interface NamingGateInput {
  /** Person per row (-1: not a labelled face, ignored). */
  readonly labels: Int32Array;
  /** Held-out photos of the labelled people: the "new photos" of named people. */
  readonly heldOut: readonly boolean[];
  readonly folds: readonly NamingGateFold[];
  readonly targetFpir: number;
  /** Without calibration (the library's rule is 'pair'), each space decides at its pair threshold alone. */
  readonly calibrated: boolean;
  readonly seed?: number;
}

export interface SideFigures {
  readonly recall: number;
  readonly fpir: number;
  readonly right: number;
  readonly strangersNamed: number;
}

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface NamingGateReport {
  readonly before: SideFigures;
  readonly after: SideFigures;
  readonly newPhotos: number;
  readonly strangerPhotos: number;
  /** after − before, point estimate and bootstrap bounds (at GAIN_/HARM_LOWER_QUANTILE and its mirror). */
  readonly recallGain: Interval;
  readonly fpirRise: Interval;
  readonly folds: readonly { strangers: number; newPhotos: number; thresholds: { before: number; after: number } }[];
  /** The strangers' cap on the adapted space's pair threshold, from every fold's strangers (Infinity: too few). */
  readonly strangerCap: number;
  readonly pass: boolean;
  readonly reason: string;
}

/** Per (fold, person) unit: probes, and hits before / after (right names for named people, any name for strangers). */
interface Unit {
  readonly n: number;
  readonly hitsBefore: number;
  readonly hitsAfter: number;
}

function decide(
  space: Float32Array,
  labels: Int32Array,
  gallery: readonly number[],
  probes: readonly number[],
  pairThreshold: number,
  targetFpir: number,
  calibrated: boolean,
): { persons: Int32Array; threshold: number } {
  const refVectors = gatherRows(space, gallery);
  const refPersons = Int32Array.from(gallery, (r) => labels[r]);
  const rule = calibrated
    ? calibrateNaming(refVectors, refPersons, D, { pairThreshold, targetFpir })
    : { threshold: pairThreshold, ratio: Infinity };
  const { persons } = applyNamingRule({
    refVectors,
    refPersons,
    queries: gatherRows(space, probes),
    threshold: rule.threshold,
    ratio: rule.ratio,
  });
  return { persons, threshold: rule.threshold };
}

function units(
  probes: readonly number[],
  labels: Int32Array,
  hit: (side: 'before' | 'after', q: number) => boolean,
): Unit[] {
  const by = new Map<number, { n: number; hitsBefore: number; hitsAfter: number }>();
  probes.forEach((r, q) => {
    const u = by.get(labels[r]) ?? { n: 0, hitsBefore: 0, hitsAfter: 0 };
    u.n++;
    if (hit('before', q)) u.hitsBefore++;
    if (hit('after', q)) u.hitsAfter++;
    by.set(labels[r], u);
  });
  return [...by.values()];
}

const rate = (us: readonly Unit[], side: 'hitsBefore' | 'hitsAfter') => {
  const n = us.reduce((a, u) => a + u.n, 0);
  return n ? us.reduce((a, u) => a + u[side], 0) / n : NaN;
};

/** Paired bootstrap of rate(after) − rate(before) over units; bounds at `q` and 1 − `q`. */
export function pairedBootstrap(us: readonly Unit[], q: number, resamples: number, seed: number): Interval {
  const mean = rate(us, 'hitsAfter') - rate(us, 'hitsBefore');
  if (!us.length) return { mean: NaN, low: NaN, high: NaN };
  const rng = createRng(seed);
  const diffs = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let n = 0;
    let d = 0;
    for (let i = 0; i < us.length; i++) {
      const u = us[rng.int(us.length)];
      n += u.n;
      d += u.hitsAfter - u.hitsBefore;
    }
    diffs[b] = d / n;
  }
  diffs.sort();
  const at = (p: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.floor(p * resamples)))];
  return { mean, low: at(q), high: at(1 - q) };
}

/** Target-FPIR quantile of a stranger's nearest distance, normal fit as in the naming rule (Infinity: too few). */
export function strangerQuantile(nearest: readonly number[], targetFpir: number): number {
  const n = nearest.length;
  if (n < MIN_CALIBRATION_SAMPLES) return Infinity;
  const mean = nearest.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(nearest.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return Math.max(0, mean + normalQuantile(targetFpir) * sd);
}

/** Each stranger row's distance to the nearest gallery face, in `space`. */
function nearestToGallery(space: Float32Array, gallery: readonly number[], strangers: readonly number[]): number[] {
  const g = searchKnn(gatherRows(space, gallery), gatherRows(space, strangers), D, 1);
  return Array.from(g.distances);
}

export function namingGate(input: NamingGateInput): NamingGateReport {
  const { labels, heldOut, targetFpir, calibrated } = input;
  const known: Unit[] = [];
  const strangers: Unit[] = [];
  const roles = input.folds.map((fold) => {
    const gallery: number[] = [];
    const newRows: number[] = [];
    const strangerRows: number[] = [];
    labels.forEach((p, r) => {
      if (p < 0) return;
      if (fold.strangers.has(p)) strangerRows.push(r);
      else (heldOut[r] ? newRows : gallery).push(r);
    });
    return { gallery, newRows, strangerRows, nearest: nearestToGallery(fold.after, gallery, strangerRows) };
  });
  // the cap for fold f comes from the other folds' strangers only (never from the strangers it is judged on)
  const capFor = (f: number) =>
    strangerQuantile(
      roles.flatMap((r, g) => (g === f ? [] : r.nearest)),
      targetFpir,
    );
  // The stored version matches against every named person, the folds against part of them: a stranger's chance of
  // a match grows about in proportion to the people it can match (1 − (1 − p)^N), so the deployed cap aims at the
  // target scaled by (people in a fold's gallery) / (all named people). Measured without it on lag_aging: the
  // activated versions named 0.8% → 1.3% of strangers where the folds had promised no rise.
  const people = new Set(Array.from(labels).filter((p) => p >= 0)).size;
  const foldPeople = input.folds.reduce((a, f) => a + (people - f.strangers.size), 0) / Math.max(1, input.folds.length);
  const strangerCap = strangerQuantile(
    roles.flatMap((r) => r.nearest),
    (targetFpir * foldPeople) / Math.max(1, people),
  );
  const folds = input.folds.map((fold, f) => {
    const { gallery, newRows, strangerRows } = roles[f];
    const probes = [...newRows, ...strangerRows];
    const afterPair = Math.min(fold.afterPairThreshold(gallery), capFor(f));
    const b = decide(fold.before, labels, gallery, probes, fold.beforePairThreshold, targetFpir, calibrated);
    const a = decide(fold.after, labels, gallery, probes, afterPair, targetFpir, calibrated);
    const side = (s: 'before' | 'after') => (s === 'before' ? b.persons : a.persons);
    known.push(...units(newRows, labels, (s, q) => side(s)[q] === labels[newRows[q]]));
    const off = newRows.length;
    strangers.push(...units(strangerRows, labels, (s, q) => side(s)[off + q] >= 0));
    return {
      strangers: strangerRows.length,
      newPhotos: newRows.length,
      thresholds: { before: b.threshold, after: a.threshold },
    };
  });
  const seed = input.seed ?? 11;
  const recallGain = pairedBootstrap(known, GAIN_LOWER_QUANTILE, BOOTSTRAP_RESAMPLES, seed);
  const fpirRise = pairedBootstrap(strangers, HARM_LOWER_QUANTILE, BOOTSTRAP_RESAMPLES, seed + 1);
  const count = (us: Unit[], k: 'hitsBefore' | 'hitsAfter') => us.reduce((s, u) => s + u[k], 0);
  const side = (k: 'hitsBefore' | 'hitsAfter'): SideFigures => ({
    recall: rate(known, k),
    fpir: rate(strangers, k),
    right: count(known, k),
    strangersNamed: count(strangers, k),
  });
  const newPhotos = known.reduce((s, u) => s + u.n, 0);
  const strangerPhotos = strangers.reduce((s, u) => s + u.n, 0);
  const gain = recallGain.low > 0;
  // Harm: a rise beyond noise, or any rise at all in the held-out strangers named. A fold holds a few hundred
  // stranger faces, where a 1-point rise is 2-4 faces and no bootstrap resolves it; on lag_aging the bootstrap alone
  // let through versions that then named 0.8% → 1.0-1.3% of strangers. Refusing a gain is cheap, naming strangers not.
  const harm = fpirRise.low > 0 || fpirRise.mean > 0;
  // without a cap the adapted space would deploy a threshold never checked against strangers it did not train on
  const capped = Number.isFinite(strangerCap);
  const pass = newPhotos > 0 && strangerPhotos > 0 && gain && !harm && capped;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const figuresText =
    `recall ${pct(rate(known, 'hitsBefore'))} → ${pct(rate(known, 'hitsAfter'))}, ` +
    `strangers named ${pct(rate(strangers, 'hitsBefore'))} → ${pct(rate(strangers, 'hitsAfter'))}`;
  const reason =
    newPhotos === 0 || strangerPhotos === 0
      ? 'too few labelled people or photos to measure naming with strangers held out'
      : harm
        ? `it names more strangers, beyond noise (${figuresText})`
        : !gain
          ? `it does not name new photos of the named people better beyond noise (${figuresText})`
          : !capped
            ? `too few photos of people held out as strangers (${strangerPhotos}) to calibrate its threshold with strangers`
            : `it names more new photos of the named people without naming more strangers (${figuresText})`;
  return {
    before: side('hitsBefore'),
    after: side('hitsAfter'),
    newPhotos,
    strangerPhotos,
    recallGain,
    fpirRise,
    folds,
    strangerCap,
    pass,
    reason,
  };
}
