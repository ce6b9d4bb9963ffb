/**
 * The early-stopping criterion of notes/finetune-experiment.md: the mean of τ·softplus((d_ap² − d_an² + α)/τ),
 * τ = 0.05, over triplets whose anchor is a validation face and whose positive and negative are other labelled
 * faces. A plain hinge reaches 0 within a few dozen steps and stops being informative. The triplets are drawn
 * once (seeded, capped) so that the criterion is comparable from step to step and cheap to read.
 */
import type { Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { applyHead, type Head } from './head';
import { squaredRowDistance } from './row-distance';

const TAU = 0.05;
const D = DESCRIPTOR_SIZE;

export interface ValCriterion {
  /** The rows the triplets touch (k x D backbone descriptors): what a head must map for a reading. */
  readonly rows: Float32Array;
  /** The criterion on `rows` mapped and normalised by the head being measured (k x D). */
  score(mapped: Float32Array): number;
  evaluate(head: Head | null): number;
}

export interface ValCriterionLimits {
  readonly anchors: number;
  readonly positivesPerAnchor: number;
  readonly negativesPerAnchor: number;
}

const LIMITS: ValCriterionLimits = { anchors: 96, positivesPerAnchor: 4, negativesPerAnchor: 64 };

/** `val` and `others` are row indices into `vectors`; labels are person indices (>= 0). */
export function buildValCriterion(
  vectors: Float32Array,
  labels: Int32Array,
  val: readonly number[],
  others: readonly number[],
  alpha: number,
  rng: Rng,
  limits: ValCriterionLimits = LIMITS,
): ValCriterion {
  const anchors = shuffled(val, rng).slice(0, limits.anchors);
  const triplets: [number, number, number][] = [];
  const pool = [...val, ...others];
  // One shared pool of negatives keeps the rows to map (and so the cost of a reading) small.
  const negativePool = shuffled(pool, rng).slice(0, limits.negativesPerAnchor * 4);
  for (const a of anchors) {
    const pos = shuffled(
      pool.filter((r) => r !== a && labels[r] === labels[a]),
      rng,
    ).slice(0, limits.positivesPerAnchor);
    const neg = negativePool.filter((r) => labels[r] !== labels[a]).slice(0, limits.negativesPerAnchor);
    for (const p of pos) for (const n of neg) triplets.push([a, p, n]);
  }
  // Map only the rows the triplets touch.
  const rows = [...new Set(triplets.flat())].sort((x, y) => x - y);
  const local = new Map(rows.map((r, i) => [r, i]));
  const sub = new Float32Array(rows.length * D);
  rows.forEach((r, i) => sub.set(vectors.subarray(r * D, (r + 1) * D), i * D));
  // Each distance is needed by many triplets: compute every distinct pair once per reading.
  const pairIndex = new Map<number, number>();
  const pairRows: number[] = [];
  const pairOf = (a: number, b: number) => {
    const key = local.get(a)! * rows.length + local.get(b)!;
    let i = pairIndex.get(key);
    if (i === undefined) {
      i = pairRows.length / 2;
      pairIndex.set(key, i);
      pairRows.push(local.get(a)!, local.get(b)!);
    }
    return i;
  };
  const ap = Int32Array.from(triplets, ([a, p]) => pairOf(a, p));
  const an = Int32Array.from(triplets, ([a, , n]) => pairOf(a, n));
  const score = (u: Float32Array) => {
    if (ap.length === 0) return 0;
    const d = new Float64Array(pairRows.length / 2);
    for (let i = 0; i < d.length; i++) d[i] = squaredRowDistance(u, pairRows[2 * i], pairRows[2 * i + 1], D);
    let s = 0;
    for (let i = 0; i < ap.length; i++) {
      const x = (d[ap[i]] - d[an[i]] + alpha) / TAU;
      s += TAU * (x > 30 ? x : Math.log1p(Math.exp(x)));
    }
    return s / ap.length;
  };
  return { rows: sub, score, evaluate: (head) => score(head ? applyHead(head, sub) : sub) };
}

export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
