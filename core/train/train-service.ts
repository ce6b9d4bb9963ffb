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
import { DEFAULT_MATCH_THRESHOLD } from '../verify/thresholds';
import { createRng } from '../verify/rng';
import { applyHead, identityLinearHead } from './head';
import { loadLabelledLibrary } from './labels-repo';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings';
import { figures, figuresOfAllPairs, gatherRows, heldOutPairs, type SpaceFigures } from './space-figures';
import { holdOutPhotos } from './splits';
import { loadTrainBackend, type TrainBackendName } from './tf-backend';
import { trainWithEarlyStopping, withoutRows } from './trainer';
import { measureUnseenPeople, type PairFigures, type UnseenFigures } from './unseen-people';
import { getActiveHeadVersion, insertHeadVersion, setActiveHeadVersion } from './versions-repo';

export interface TrainRequest {
  readonly settings?: Partial<TrainSettings>;
  /** Share of each labelled person's photos held out for gate (a) (default 0.25). */
  readonly holdOut?: number;
  /** Folds of people for gate (b) (default 3). */
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
  readonly folds?: number;
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
  readonly labelledFaces: number;
  readonly people: number;
  readonly seconds: number;
}

export class NotEnoughLabelsError extends Error {}

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
  if (eligiblePeople(trainData.labels) < 2 || heldRows.length === 0) {
    throw new NotEnoughLabelsError(
      `training needs at least two people with three or more labelled photos each (have ${lib.labelled} labelled faces of ${people} people)`,
    );
  }
  const backend = await loadTrainBackend(req.backend ?? 'auto');
  const parentVersion = getActiveHeadVersion(db);
  const parentHead = parentVersion?.head ?? null;

  const fit = await trainWithEarlyStopping(backend, trainData, s, {
    parent: parentHead,
    signal: req.signal,
    onStep: (r) => req.onProgress?.({ phase: r.phase, step: r.step, total: r.total, loss: r.loss }),
  });

  // Gate (a): held-out photos of the labelled people, parent's space against the candidate's.
  const parentSpace = parentHead ? applyHead(parentHead, lib.data.vectors) : lib.data.vectors;
  const candidateSpace = fit.head ? applyHead(fit.head, lib.data.vectors) : lib.data.vectors;
  const before = figures(heldOutPairs(parentSpace, labels, heldOut));
  const after = figures(heldOutPairs(candidateSpace, labels, heldOut));

  // Gate (b): people it did not train on. "No change" cannot hurt them, so it needs no measuring.
  const unseen: UnseenFigures = fit.head
    ? await measureUnseenPeople(backend, trainData, labels, s, {
        folds: req.unseenFolds ?? 3,
        steps: fit.steps,
        heldOutRows: heldRows,
        rng,
        signal: req.signal,
        onStep: (fold, folds, r) =>
          req.onProgress?.({ phase: 'unseen', step: r.step, total: r.total, loss: r.loss, fold: fold + 1, folds }),
      })
    : { before: pair(before), after: pair(before), mixed: { before: pair(before), after: pair(before) }, folds: [] };

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
      sub,
      Int32Array.from(allLabelled, (r) => labels[r]),
    ).threshold;
  }
  if (!Number.isFinite(threshold) || threshold <= 0) threshold = DEFAULT_MATCH_THRESHOLD;

  // Harmonic compatibility: candidate embeddings of one face against the parent's of the other.
  const cross = figures(heldOutPairs(candidateSpace, labels, heldOut, parentSpace));
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

function eligiblePeople(labels: Int32Array): number {
  const count = new Map<number, number>();
  for (const p of labels) if (p >= 0) count.set(p, (count.get(p) ?? 0) + 1);
  return [...count.values()].filter((c) => c >= 2).length;
}
