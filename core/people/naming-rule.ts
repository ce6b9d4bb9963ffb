/**
 * The automatic naming decision, calibrated for strangers (open-set 1:N, issue 11).
 *
 * A pair threshold at FAR f does not bound how often a stranger is named: against N named faces the chance is
 * about 1 − (1 − f)^N, so it grows as the user names more. What bounds it is the distribution of a stranger's
 * distance to the NEAREST named face, at the gallery's actual size. Every library has samples of it without asking:
 * each named person acting as a stranger to the others (leave-one-person-out, LOPO): the distance from each of
 * their labelled faces to the nearest labelled face of anyone else. The naming threshold is the target-FPIR
 * quantile of that distribution, from a normal fit of its lower tail region (mean − z·sd): with the few dozen
 * samples a small library has, the empirical 1% quantile is just its minimum, and a fit extrapolates more steadily.
 * Because the samples are taken against the whole gallery, the threshold tightens by itself as the gallery grows.
 */
import { searchKnn } from './knn-graph';

/** Strangers given a name that the automatic decision aims at (FPIR), by default. */
export const DEFAULT_TARGET_FPIR = 0.01;

/** Fewer LOPO samples than this and the rule falls back to the pair threshold (too little evidence to fit). */
export const MIN_CALIBRATION_SAMPLES = 20;

/** At most this many labelled faces act as strangers (sampled evenly): keeps calibration cheap at 100k faces. */
export const MAX_CALIBRATION_QUERIES = 4000;

export interface NamingCalibration {
  /** Distance at or below which the nearest agreeing named faces may name a face. */
  readonly threshold: number;
  /** 'lopo' when calibrated from the library's own strangers, 'pair' when it fell back to the pair threshold. */
  readonly source: 'lopo' | 'pair';
  readonly targetFpir: number;
  /** LOPO samples the fit used. */
  readonly samples: number;
  /**
   * Cohort ratio bound: a face is named only when its distance to the person is at most this share of its distance
   * to the nearest other named person (Infinity: no bound). Greyscale, small or old faces sit close to everyone;
   * the ratio does not move with that drift the way the distance does.
   */
  readonly ratio: number;
  /** Their mean and sd (NaN when none). */
  readonly mean: number;
  readonly sd: number;
}

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

function sqDist(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const x = a[i * dim + t] - b[j * dim + t];
    s += x * x;
  }
  return s;
}

export interface LopoSamples {
  /** Distance to the nearest labelled face of another person (the stranger's best match). */
  readonly nearest: Float64Array;
  /** nearest / the distance to the nearest face of a third person (Infinity-safe: 0 when there is none). */
  readonly ratio: Float64Array;
}

/**
 * Leave-one-person-out: for (a sample of) the labelled faces, the distance to the nearest labelled face of another
 * person, and its ratio to the nearest face of yet another person. `persons[i]` is face i's person; people with
 * one face count too (they are strangers to everyone else).
 */
export function lopoSamples(
  vectors: Float32Array,
  persons: Int32Array,
  dim: number,
  maxQueries = MAX_CALIBRATION_QUERIES,
): LopoSamples {
  const n = persons.length;
  if (new Set(persons).size < 2) return { nearest: new Float64Array(0), ratio: new Float64Array(0) };
  const step = Math.max(1, n / maxQueries);
  const rows: number[] = [];
  for (let x = 0; Math.floor(x) < n; x += step) rows.push(Math.floor(x));
  const queries = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => queries.set(vectors.subarray(r * dim, (r + 1) * dim), i * dim));
  const k = Math.min(n, 96);
  const g = searchKnn(vectors, queries, dim, k);
  const nearest = new Float64Array(rows.length);
  const ratio = new Float64Array(rows.length);
  rows.forEach((r, q) => {
    let first = -1;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let t = q * g.k, end = t + g.k; t < end; t++) {
      const j = g.indices[t];
      if (j < 0 || persons[j] === persons[r]) continue;
      if (first < 0) [first, d1] = [persons[j], g.distances[t]];
      else if (persons[j] !== first) {
        d2 = g.distances[t];
        break;
      }
    }
    if (!Number.isFinite(d2)) {
      // the k nearest did not hold two other people: the exact answer by brute force
      const best = new Map<number, number>();
      for (let j = 0; j < n; j++) {
        if (persons[j] === persons[r]) continue;
        const d = Math.sqrt(sqDist(vectors, r, vectors, j, dim));
        if (d < (best.get(persons[j]) ?? Infinity)) best.set(persons[j], d);
      }
      const sorted = [...best.values()].sort((a, b) => a - b);
      d1 = sorted[0];
      d2 = sorted[1] ?? Infinity;
    }
    nearest[q] = d1;
    ratio[q] = Number.isFinite(d2) && d2 > 0 ? d1 / d2 : 0;
  });
  return { nearest, ratio };
}

/**
 * The naming rule for `targetFpir` from the library's labelled faces (already in the matching space). With too
 * little evidence: the pair threshold alone. With enough: a face is named only when both its distance and its
 * cohort ratio are within the fitted FPIR quantiles of the LOPO strangers' (each a normal fit, mean + Φ⁻¹(FPIR)·sd).
 * Chosen on the hard sets (fiw_kinship, att_orl_faces, lag_aging) among: distance only, ratio only, both, each
 * with a plain or a 90%-confidence tolerance fit; reported on dev (docs/eval-naming.md).
 */
export function calibrateNaming(
  vectors: Float32Array,
  persons: Int32Array,
  dim: number,
  opts: { readonly pairThreshold: number; readonly targetFpir?: number },
): NamingCalibration {
  const targetFpir = opts.targetFpir ?? DEFAULT_TARGET_FPIR;
  const lopo = lopoSamples(vectors, persons, dim);
  const s = lopo.nearest;
  const n = s.length;
  const mean = n ? s.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
  if (n < MIN_CALIBRATION_SAMPLES)
    return { threshold: opts.pairThreshold, source: 'pair', targetFpir, samples: n, mean, sd, ratio: Infinity };
  const z = normalQuantile(targetFpir);
  // never looser than the pair threshold (the user's own, or the one calibrated at a pair FAR)
  const threshold = Math.min(opts.pairThreshold, Math.max(0, mean + z * sd));
  const rs = lopo.ratio;
  const rm = rs.reduce((a, b) => a + b, 0) / n;
  const rsd = Math.sqrt(rs.reduce((a, b) => a + (b - rm) ** 2, 0) / (n - 1));
  const ratio = Math.max(0, rm + z * rsd);
  return { threshold, source: 'lopo', targetFpir, samples: n, mean, sd, ratio };
}
