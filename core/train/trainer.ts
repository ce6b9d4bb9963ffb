/**
 * Trains the head with tfjs: identity-balanced batches, semi-hard triplets mined with the current weights,
 * Adam, and the pull towards the identity. Early stopping reads the validation criterion every few steps with
 * step 0 (the identity, "no change") always a candidate, then refits on all the data for the chosen number of
 * steps. Deterministic for a seed on one backend.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { BatchSampler, type TrainingSet } from './batch-sampler';
import { applyHead, type Head } from '../space/head';
import type { NegativeKind } from './semi-hard-miner';
import type { TrainSettings } from './settings';
import type { TrainBackend } from './tf-backend';
import { Adam } from './adam';
import { createTrainableHead, normalise } from './trainable-head';
import { batchObjective, tripletObjectiveOp } from './triplet-loss';
import { buildValCriterion, shuffled, TfValCriterion } from './val-criterion';

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
  const criterion = new TfValCriterion(
    backend.tf,
    buildValCriterion(data.vectors, data.labels, val, inner, s.alpha, rng),
  );
  const valCurve: CurvePoint[] = [];
  let best: CurvePoint = { step: 0, value: Infinity };
  let bestHead: Head | null = null;
  let search: Awaited<ReturnType<typeof runSteps>>;
  try {
    search = await runSteps(backend, withoutRows(data, val), s, s.maxSteps, opts, 'search', (step, view) => {
      const value = criterion.score(view.embed);
      valCurve.push({ step, value });
      // Step 0 is the identity: "no change" is the first candidate, and a step must beat it clearly.
      if (step === 0 || value < best.value * (1 - 1e-4)) {
        best = { step, value };
        bestHead = step === 0 ? null : view.snapshot();
      }
      return step - best.step >= s.patience; // stop
    });
  } finally {
    criterion.dispose();
  }
  if (best.step === 0 || !bestHead) return { head: null, steps: 0, lossCurve: [], valCurve, mining: search.mining };
  if (!s.refit) {
    const lossCurve = search.lossCurve.filter((p) => p.step <= best.step);
    return { head: bestHead, steps: best.step, lossCurve, valCurve, mining: search.mining };
  }
  const refit = await runSteps(backend, data, s, best.step, opts, 'refit');
  return { head: refit.head, steps: best.step, lossCurve: refit.lossCurve, valCurve, mining: refit.mining };
}

/** A fixed number of steps on all of `data` (the cross-validation folds train the candidate's number; the bench). */
export async function trainFixedSteps(
  backend: TrainBackend,
  data: TrainingData,
  s: TrainSettings,
  steps: number,
  opts: TrainOptions = {},
): Promise<FitResult & { head: Head }> {
  const r = await runSteps(backend, data, s, steps, opts, 'refit');
  return { head: r.head, steps, lossCurve: r.lossCurve, valCurve: [], mining: r.mining };
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

/** What the early-stopping check can read at a step (0: before the first update). */
interface StepView {
  /** The head as stored. */
  snapshot(): Head;
  /** Rows through the current head, normalised (tfjs ops: call inside a tidy). */
  embed(x: Tensor2D): Tensor2D;
}

async function runSteps(
  backend: TrainBackend,
  data: TrainingData,
  s: TrainSettings,
  maxSteps: number,
  opts: TrainOptions,
  phase: StepReport['phase'],
  check?: (step: number, view: StepView) => boolean,
): Promise<{ head: Head; lossCurve: CurvePoint[]; mining: Record<NegativeKind, number> }> {
  const { tf } = backend;
  const rng = createRng(s.seed + (phase === 'refit' ? 1 : 0));
  const sampler = new BatchSampler(data, { people: s.batchPeople, facesPerPerson: s.facesPerPerson }, rng);
  if (sampler.eligiblePeople < 2) throw new Error('training needs at least two people with two or more labelled faces');
  const head = createTrainableHead(s, rng);
  const adam = new Adam(head.params, { learningRate: s.learningRate, pull: { mu: s.mu, targets: head.pullTargets } });
  const parent = s.compatibleWithParent ? (opts.parent ?? null) : null;
  const lossCurve: CurvePoint[] = [];
  const mining: Record<NegativeKind, number> = { 'semi-hard': 0, fallback: 0, inactive: 0 };
  const paramTensors = () => head.params.map((p, i) => tf.tensor(p, head.shapes[i] as number[]));
  const view: StepView = {
    snapshot: () => head.snapshot(),
    embed: (x) => normalise(tf, head.forward(tf, x, paramTensors())),
  };
  if (check?.(0, view)) return { head: head.snapshot(), lossCurve, mining };
  let window = 0;
  for (let step = 1; step <= maxSteps; step++) {
    if (opts.signal?.aborted) throw new TrainingCancelled();
    const batch = sampler.next();
    const b = batch.rows.length;
    const xb = new Float32Array(b * D);
    batch.rows.forEach((r, i) => xb.set(data.vectors.subarray(r * D, (r + 1) * D), i * D));
    // Harmonic: the parent's embeddings of the same faces join the batch as positives and negatives.
    const fixed = s.compatibleWithParent
      ? { rows: parent ? applyHead(parent, xb) : xb, labels: batch.labels }
      : undefined;
    const objective = (z: Float32Array) => {
      const o = batchObjective(z, D, batch.labels, s.alpha, fixed);
      for (const k of o.triplets.kind) mining[k]++;
      return o;
    };
    let value = 0;
    let grads: Float32Array[] = [];
    // Read out inside tidy and return nothing: tidy walks whatever it returns, element by element.
    tf.tidy(() => {
      const x = tf.tensor2d(xb, [b, D]);
      const r = tf.valueAndGrads((...p: Tensor[]) => tripletObjectiveOp(tf, head.forward(tf, x, p), objective))(
        paramTensors(),
      );
      value = r.value.dataSync()[0];
      grads = r.grads.map((g) => g.dataSync() as Float32Array); // a copy already: the weights stay in JS
    });
    const loss = value + adam.step(grads);
    window += loss;
    opts.onStep?.({ phase, step, total: maxSteps, loss });
    if (step % s.evalEvery === 0 || step === maxSteps) {
      lossCurve.push({ step, value: window / (step % s.evalEvery || s.evalEvery) });
      window = 0;
      if (check?.(step, view)) break;
    }
    // Let timers, signals and progress listeners run.
    if (step % 25 === 0) await new Promise((r) => setImmediate(r));
  }
  return { head: head.snapshot(), lossCurve, mining };
}
