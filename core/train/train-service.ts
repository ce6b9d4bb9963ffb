/**
 * The training use case: learn a head from the user's labels, measure it with the gate, store it as a new
 * version (one transaction: a crash leaves no half-written version), and activate it only when it passes:
 *  (a) on held-out photos of the labelled people it beats its parent on VAL@FAR1e-3 AND AUC;
 *  (b) on people it did not train on (identity-disjoint cross-validation) it is no worse on either.
 * Activation re-runs k-NN assignment of the machine's guesses in the new space; user labels are never touched.
 */
import type { Database } from 'better-sqlite3';
import { reassignMachineGuesses } from '../people/assignment';
import { backupBefore } from '../safety/backup';
import { DEFAULT_MATCH_THRESHOLD } from '../space/thresholds';
import { createRng } from '../verify/rng';
import { identityLinearHead } from '../space/head';
import { loadLabelledLibrary } from './labels-repo';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings';
import { figures, figuresOfAllPairs, gatherRows, heldOutPairs, type SpaceFigures } from './space-figures';
import type { FitResult } from './trainer';
import { holdOutPhotos, peopleWithTwoFaces } from './splits';
import { loadTrainBackend, type TrainBackendName } from './tf-backend';
import { FitPool } from './parallel-fits';
import { embed } from './trainable-head';
import { withoutRows } from './trainer';
import { measureUnseenPeople, unseenFolds, type PairFigures, type UnseenFigures } from './unseen-people';
import { getActiveHeadVersion, insertHeadVersion, setActiveHeadVersion } from '../space/versions-repo';

export interface TrainRequest {
  readonly settings?: Partial<TrainSettings>;
  /** Share of each labelled person's photos held out for gate (a) (default 0.25). */
  readonly holdOut?: number;
  /** Folds of people for gate (b) (default UNSEEN_FOLDS). */
  readonly unseenFolds?: number;
  readonly backend?: TrainBackendName | 'auto';
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TrainProgress) => void;
}

export interface TrainProgress {
  readonly phase: 'search' | 'refit' | 'unseen';
  readonly step: number;
  readonly total: number;
  readonly loss: number;
  /** 1-based fold during 'unseen'. */
  readonly fold?: number;
  /** Cross-validation folds (trained after the candidate, at its number of steps). */
  readonly folds: number;
}

export interface TrainReport {
  readonly version: number;
  readonly parent: number | null;
  readonly before: PairFigures;
  readonly after: PairFigures;
  readonly unseen: {
    readonly before: PairFigures;
    readonly after: PairFigures;
    /** Unseen people against held-out photos of the labelled ones. */
    readonly mixed: { readonly before: PairFigures; readonly after: PairFigures };
    readonly folds: number;
  };
  readonly activated: boolean;
  /** Why it was (not) activated, in words. */
  readonly reason: string;
  readonly threshold: number;
  readonly steps: number;
  readonly backend: string;
  /** Threads the fits ran on (the calling one included). */
  readonly threads: number;
  readonly labelledFaces: number;
  readonly people: number;
  readonly seconds: number;
}

export class NotEnoughLabelsError extends Error {}

/**
 * Folds of people for gate (b): each fold's head trains on half the labelled people and is measured on the other
 * half. Two folds train at once on two cores (one round after the candidate); a third would need a second round,
 * +40% of the whole retrain on a 2-core laptop (bench/train-bench.ts), and half-trained folds judge harm a little
 * more strictly than two-thirds-trained ones, which is the safe side for a gate.
 */
export const UNSEEN_FOLDS = 2;

const pair = (f: SpaceFigures | PairFigures): PairFigures => ({ auc: f.auc, valAtFar1e3: f.valAtFar1e3 });
/** NaN never passes: a figure that could not be measured proves nothing. */
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

export async function trainFromLabels(db: Database, req: TrainRequest = {}): Promise<TrainReport> {
  const t0 = performance.now();
  const s: TrainSettings = { ...DEFAULT_SETTINGS, ...req.settings };
  const lib = loadLabelledLibrary(db);
  const labels = lib.data.labels;
  const people = new Set(Array.from(labels).filter((p) => p >= 0)).size;
  const rng = createRng(s.seed);
  const heldOut = holdOutPhotos(lib.photoIds, labels, req.holdOut ?? 0.25, rng);
  const heldRows = [...heldOut.keys()].filter((r) => heldOut[r]);
  const trainData = withoutRows(lib.data, heldRows);
  if (peopleWithTwoFaces(trainData.labels) < 2 || heldRows.length === 0) {
    throw new NotEnoughLabelsError(
      `training needs at least two people with three or more labelled photos each (have ${lib.labelled} labelled faces of ${people} people)`,
    );
  }
  const backend = await loadTrainBackend(req.backend ?? 'auto');
  const parentVersion = getActiveHeadVersion(db);
  const parentHead = parentVersion?.head ?? null;

  const { tf } = backend;
  const folds = req.unseenFolds ?? UNSEEN_FOLDS;
  // Worker threads start now, while the candidate's search runs here; the folds then share the cores.
  const pool = FitPool.start(backend);
  let fit: FitResult;
  let unseen: UnseenFigures;
  let before: SpaceFigures;
  let after: SpaceFigures;
  let parentSpace: Float32Array;
  let candidateSpace: Float32Array;
  let threads: number;
  try {
    [fit] = await pool.run([{ data: trainData, settings: s, parent: parentHead }], {
      signal: req.signal,
      onStep: (_, r) => req.onProgress?.({ phase: r.phase, step: r.step, total: r.total, loss: r.loss, folds }),
    });

    // Early stopping usually ends before the cap: say where, so that progress counts what is left.
    const ran = fit.valCurve.at(-1)?.step ?? fit.steps;
    req.onProgress?.({ phase: 'search', step: ran, total: ran, loss: fit.lossCurve.at(-1)?.value ?? 0, folds });

    // Gate (a): held-out photos of the labelled people, parent's space against the candidate's.
    parentSpace = embed(tf, parentHead, lib.data.vectors);
    candidateSpace = embed(tf, fit.head, lib.data.vectors);
    before = figures(heldOutPairs(tf, parentSpace, labels, heldOut));
    after = figures(heldOutPairs(tf, candidateSpace, labels, heldOut));

    // Gate (b): people it did not train on, each fold trained like the candidate for its number of steps.
    // "No change" cannot hurt them, so it needs no measuring.
    const foldSets = fit.head ? unseenFolds(trainData, labels, folds, rng) : [];
    const foldFits = await pool.run(
      foldSets.map((f) => ({ data: f.train, settings: s, parent: parentHead, steps: fit.steps })),
      {
        signal: req.signal,
        onStep: (job, r) =>
          req.onProgress?.({ phase: 'unseen', step: r.step, total: r.total, loss: r.loss, fold: job + 1, folds }),
      },
    );
    unseen = fit.head
      ? measureUnseenPeople(tf, lib.data.vectors, labels, foldSets, foldFits, heldRows)
      : { before: pair(before), after: pair(before), mixed: { before: pair(before), after: pair(before) }, folds: [] };
    threads = pool.threadsNow();
  } finally {
    await pool.close();
  }

  const labelledPass = gt(after.valAtFar1e3, before.valAtFar1e3) && gt(after.auc, before.auc);
  const noWorse = (f: { before: PairFigures; after: PairFigures }) =>
    ge(f.after.valAtFar1e3, f.before.valAtFar1e3) && ge(f.after.auc, f.before.auc);
  // Unseen people among themselves AND against the labelled people (the mixed library, where the note saw
  // the largest harm): a version must be no worse on both.
  const unseenPass = unseen.folds.length > 0 && noWorse(unseen) && noWorse(unseen.mixed);
  const activate = fit.head !== null && labelledPass && unseenPass;
  const reason = !fit.head
    ? 'early stopping kept "no change": no step improved the validation criterion'
    : !labelledPass
      ? 'it did not beat its parent on held-out photos of the labelled people (VAL@FAR1e-3 and AUC)'
      : unseen.folds.length === 0
        ? 'too few labelled people to measure the effect on unseen people'
        : !unseenPass
          ? 'it was worse for people it did not train on (identity-disjoint cross-validation, alone or mixed with the labelled people)'
          : 'it helps the labelled people and does not hurt unseen ones';

  // The adapted space's own threshold: FAR 1e-3 on the held-out pairs, else on all labelled pairs.
  const allLabelled = [...labels.keys()].filter((r) => labels[r] >= 0);
  let threshold = after.threshold;
  if (!Number.isFinite(threshold) || threshold <= 0) {
    const sub = gatherRows(candidateSpace, allLabelled);
    threshold = figuresOfAllPairs(
      tf,
      sub,
      Int32Array.from(allLabelled, (r) => labels[r]),
    ).threshold;
  }
  if (!Number.isFinite(threshold) || threshold <= 0) threshold = DEFAULT_MATCH_THRESHOLD;

  // Harmonic compatibility: candidate embeddings of one face against the parent's of the other.
  const cross = figures(heldOutPairs(tf, candidateSpace, labels, heldOut, parentSpace));
  const compatibility = {
    mixedWithParent: s.compatibleWithParent,
    parentId: parentVersion?.id ?? null,
    crossVersion: pair(cross),
    parentOwn: pair(before),
    // "Holds" when comparing across versions loses at most 2 points of VAL@FAR1e-3 against the parent alone.
    holds: cross.valAtFar1e3 >= before.valAtFar1e3 - 0.02,
  };

  const seconds = (performance.now() - t0) / 1000;
  const metrics = {
    settings: s,
    backend: backend.reason,
    threads,
    labelledFaces: lib.labelled,
    people,
    heldOutFaces: heldRows.length,
    extraNegatives: lib.data.extraNegatives.faces.length,
    steps: fit.steps,
    identityKept: fit.head === null,
    lossCurve: fit.lossCurve,
    valCurve: fit.valCurve,
    mining: fit.mining,
    gate: {
      labelled: { before, after, pass: labelledPass },
      unseen: {
        before: unseen.before,
        after: unseen.after,
        mixed: unseen.mixed,
        folds: unseen.folds,
        pass: unseenPass,
      },
      activated: activate,
      reason,
    },
    compatibility,
    seconds,
  };
  if (req.signal?.aborted) throw new Error('training cancelled');
  if (activate) backupBefore(db, 'model-activation');
  const version = db.transaction(() => {
    const id = insertHeadVersion(db, {
      parentId: parentVersion?.id ?? null,
      name: `${s.arch}-${new Date().toISOString().slice(0, 19)}`,
      head: fit.head ?? identityLinearHead(),
      threshold,
      metrics,
      activate,
    });
    if (activate) reassignMachineGuesses(db);
    return id;
  })();
  return {
    version,
    parent: parentVersion?.id ?? null,
    before: pair(before),
    after: pair(after),
    unseen: { before: unseen.before, after: unseen.after, mixed: unseen.mixed, folds: unseen.folds.length },
    activated: activate,
    reason,
    threshold,
    steps: fit.steps,
    backend: backend.name,
    threads,
    labelledFaces: lib.labelled,
    people,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Makes version `id` the matching space (null: back to the backbone) and re-runs assignment of the machine's
 * guesses in it, in one transaction. Stored descriptors are mapped again in memory; no image is decoded.
 */
export function activateVersion(db: Database, id: number | null): { assigned: number; unassigned: number } {
  // Activation re-assigns every machine guess in the new space: keep the library as it was first.
  backupBefore(db, 'model-activation');
  return db.transaction(() => {
    setActiveHeadVersion(db, id);
    return reassignMachineGuesses(db);
  })();
}

/** Back to the active version's parent (or the backbone when it has none / none is active). */
export function rollbackVersion(db: Database): { active: number | null; assigned: number; unassigned: number } {
  const current = getActiveHeadVersion(db);
  const target = current?.parentId ?? null;
  return { active: target, ...activateVersion(db, target) };
}
