/**
 * Trains the head with tfjs: identity-balanced batches, semi-hard triplets mined with the current weights,
 * Adam, and the pull towards the identity. Early stopping reads the validation criterion every few steps with
 * step 0 (the identity, "no change") always a candidate, then refits on all the data for the chosen number of
 * steps. Deterministic for a seed on one backend.
 */
import type { Tensor2D, Variable, Scalar } from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { BatchSampler, type TrainingSet } from './batch-sampler';
import { applyHead, type Head } from './head';
import { mineSemiHard, type NegativeKind } from './semi-hard-miner';
import type { TrainSettings } from './settings';
import type { TrainBackend, Tf } from './tf-backend';
import { l2Normalize, tripletLoss } from './triplet-loss';
import { buildValCriterion, shuffled } from './val-criterion';

const D = DESCRIPTOR_SIZE;

/** Descriptors (n x 128) and who each row is. */
export interface TrainingData extends TrainingSet {
  readonly vectors: Float32Array;
}

export interface StepReport {
  readonly phase: 'search' | 'refit';
  readonly step: number;
  /** Steps this phase will run at most (the search may stop early). */
  readonly total: number;
  readonly loss: number;
}

export interface TrainOptions {
  /** The parent version's head, for harmonic (compatible) training; null/absent = the backbone. */
  readonly parent?: Head | null;
  readonly onStep?: (r: StepReport) => void;
  readonly signal?: AbortSignal;
}

export interface CurvePoint {
  readonly step: number;
  readonly value: number;
}

export interface FitResult {
  /** null when "no change" won: the identity is kept. */
  readonly head: Head | null;
  /** Steps of the final (refit) run. */
  readonly steps: number;
  /** Training loss (triplet + regulariser), averaged over each `evalEvery` steps, of the final run. */
  readonly lossCurve: CurvePoint[];
  /** The validation criterion through the search. */
  readonly valCurve: CurvePoint[];
  /** How the search's and refit's triplets were chosen (counts by kind). */
  readonly mining: Record<NegativeKind, number>;
}

export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
  }
}

/**
 * Early stopping on a held-out quarter of each person's faces: the head is snapshotted at the step with the best
 * validation criterion (step 0, the identity, included). With `refit`, the note's protocol continues: a
 * second run on all the data for the chosen number of steps (twice the work, for 25% more training faces).
 */
export async function trainWithEarlyStopping(
  backend: TrainBackend,
  data: TrainingData,
  s: TrainSettings,
  opts: TrainOptions = {},
): Promise<FitResult> {
  const rng = createRng(s.seed);
  const { inner, val } = splitForValidation(data.labels, rng);
  const criterion = buildValCriterion(data.vectors, data.labels, val, inner, s.alpha, rng);
  const valCurve: CurvePoint[] = [{ step: 0, value: criterion.evaluate(null) }];
  let best = valCurve[0];
  let bestHead: Head | null = null;
  const search = await runSteps(backend, withoutRows(data, val), s, s.maxSteps, opts, 'search', (step, head) => {
    const value = criterion.evaluate(head);
    valCurve.push({ step, value });
    if (value < best.value * (1 - 1e-4)) {
      best = { step, value };
      bestHead = head;
    }
    return step - best.step >= s.patience; // stop
  });
  if (best.step === 0 || !bestHead) return { head: null, steps: 0, lossCurve: [], valCurve, mining: search.mining };
  if (!s.refit) {
    const lossCurve = search.lossCurve.filter((p) => p.step <= best.step);
    return { head: bestHead, steps: best.step, lossCurve, valCurve, mining: search.mining };
  }
  const refit = await runSteps(backend, data, s, best.step, opts, 'refit');
  return { head: refit.head, steps: best.step, lossCurve: refit.lossCurve, valCurve, mining: refit.mining };
}

/** A fixed number of steps on all of `data` (used by the identity-disjoint cross-validation and the bench). */
export async function trainFixedSteps(
  backend: TrainBackend,
  data: TrainingData,
  s: TrainSettings,
  steps: number,
  opts: TrainOptions = {},
): Promise<{ head: Head; lossCurve: CurvePoint[] }> {
  const r = await runSteps(backend, data, s, steps, opts, 'refit');
  return { head: r.head, lossCurve: r.lossCurve };
}

/** Per person, a random max(1, round(n/4)) faces go to validation when the person has >= 3 faces. */
function splitForValidation(labels: Int32Array, rng: Rng): { inner: number[]; val: number[] } {
  const byPerson = new Map<number, number[]>();
  labels.forEach((p, r) => {
    if (p >= 0) byPerson.set(p, [...(byPerson.get(p) ?? []), r]);
  });
  const valSet = new Set<number>();
  for (const rows of byPerson.values()) {
    if (rows.length < 3) continue;
    for (const r of shuffled(rows, rng).slice(0, Math.max(1, Math.round(rows.length / 4)))) valSet.add(r);
  }
  const inner: number[] = [];
  const val: number[] = [];
  labels.forEach((p, r) => {
    if (p >= 0) (valSet.has(r) ? val : inner).push(r);
  });
  return { inner, val };
}

/** Training data without some rows: they stay in the matrix but take no part (nor as extra negatives). */
export function withoutRows(data: TrainingData, rows: Iterable<number>): TrainingData {
  const drop = new Set(rows);
  const labels = data.labels.map((p, r) => (drop.has(r) ? -1 : p));
  const idx = [...data.extraNegatives.faces.keys()].filter((i) => !drop.has(data.extraNegatives.faces[i]));
  return {
    vectors: data.vectors,
    labels,
    extraNegatives: {
      faces: Int32Array.from(idx, (i) => data.extraNegatives.faces[i]),
      people: Int32Array.from(idx, (i) => data.extraNegatives.people[i]),
    },
  };
}

interface HeadVars {
  readonly vars: Variable[];
  forward(x: Tensor2D): Tensor2D;
  regulariser(): Scalar;
  snapshot(): Head;
  dispose(): void;
}

function createHeadVars(tf: Tf, s: TrainSettings, rng: Rng): HeadVars {
  if (s.arch === 'linear') {
    const eye = tf.eye(D);
    const m = tf.variable(tf.eye(D));
    return {
      vars: [m],
      forward: (x) => tf.matMul(x, m),
      regulariser: () => tf.mul(s.mu, tf.sum(tf.square(tf.sub(m, eye)))),
      snapshot: () => ({ arch: 'linear', m: Float32Array.from(m.dataSync()) }),
      dispose: () => tf.dispose([m, eye]),
    };
  }
  const H = s.hidden;
  // He-normal W1 from the seeded generator (tfjs's own initialisers are not seedable across backends).
  const w1Init = new Float32Array(D * H);
  const sd = Math.sqrt(2 / D);
  for (let i = 0; i < w1Init.length; i++) {
    w1Init[i] = sd * Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  }
  const w1 = tf.variable(tf.tensor2d(w1Init, [D, H]));
  const b1 = tf.variable(tf.zeros([H]));
  const w2 = tf.variable(tf.zeros([H, D]));
  const b2 = tf.variable(tf.zeros([D]));
  return {
    vars: [w1, b1, w2, b2],
    forward: (x) => tf.add(tf.add(x, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2)), b2),
    regulariser: () => tf.mul(s.mu, tf.add(tf.sum(tf.square(w2)), tf.sum(tf.square(b2)))),
    snapshot: () => ({
      arch: 'residual-mlp',
      hidden: H,
      w1: Float32Array.from(w1.dataSync()),
      b1: Float32Array.from(b1.dataSync()),
      w2: Float32Array.from(w2.dataSync()),
      b2: Float32Array.from(b2.dataSync()),
    }),
    dispose: () => tf.dispose([w1, b1, w2, b2]),
  };
}

async function runSteps(
  backend: TrainBackend,
  data: TrainingData,
  s: TrainSettings,
  maxSteps: number,
  opts: TrainOptions,
  phase: StepReport['phase'],
  check?: (step: number, head: Head) => boolean,
): Promise<{ head: Head; lossCurve: CurvePoint[]; mining: Record<NegativeKind, number> }> {
  const { tf } = backend;
  const rng = createRng(s.seed + (phase === 'refit' ? 1 : 0));
  const sampler = new BatchSampler(data, { people: s.batchPeople, facesPerPerson: s.facesPerPerson }, rng);
  if (sampler.eligiblePeople < 2) throw new Error('training needs at least two people with two or more labelled faces');
  const head = createHeadVars(tf, s, rng);
  const optimizer = tf.train.adam(s.learningRate, 0.9, 0.999);
  const parent = s.compatibleWithParent ? (opts.parent ?? null) : null;
  const mixParent = s.compatibleWithParent;
  const lossCurve: CurvePoint[] = [];
  const mining: Record<NegativeKind, number> = { 'semi-hard': 0, fallback: 0, inactive: 0 };
  let window = 0;
  try {
    for (let step = 1; step <= maxSteps; step++) {
      if (opts.signal?.aborted) throw new TrainingCancelled();
      const batch = sampler.next();
      const b = batch.rows.length;
      const xb = new Float32Array(b * D);
      batch.rows.forEach((r, i) => xb.set(data.vectors.subarray(r * D, (r + 1) * D), i * D));
      const cost = optimizer.minimize(
        () => {
          const u = l2Normalize(tf, head.forward(tf.tensor2d(xb, [b, D])));
          let emb = u;
          let labels = batch.labels;
          if (mixParent) {
            // Harmonic: the parent's embeddings of the same faces join the batch as positives and negatives.
            const v = parent ? applyHead(parent, xb) : xb;
            emb = tf.concat([u, tf.tensor2d(v, [b, D])]);
            labels = Int32Array.from([...batch.labels, ...batch.labels]);
          }
          const t = mineSemiHard(emb.dataSync() as Float32Array, D, labels, s.alpha, b);
          for (const k of t.kind) mining[k]++;
          return tf.add(tripletLoss(tf, emb, t, s.alpha), head.regulariser()) as Scalar;
        },
        true,
        head.vars,
      );
      const loss = cost ? cost.dataSync()[0] : 0;
      cost?.dispose();
      window += loss;
      opts.onStep?.({ phase, step, total: maxSteps, loss });
      if (step % s.evalEvery === 0 || step === maxSteps) {
        lossCurve.push({ step, value: window / (step % s.evalEvery || s.evalEvery) });
        window = 0;
        if (check?.(step, head.snapshot())) break;
      }
      // Let timers, signals and progress listeners run.
      if (step % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    return { head: head.snapshot(), lossCurve, mining };
  } finally {
    head.dispose();
    optimizer.dispose();
  }
}
