/**
 * The training use case, in four steps: fit a head on the user's labels (and one per fold of people left out),
 * gate it on the user's task (./naming-gate: naming new photos of named people without naming strangers, at the
 * thresholds each space deploys), calibrate the adapted space's pair threshold, and persist it as a new version (one
 * transaction: a crash leaves no half-written version), active only when the gate passed. Activation re-runs
 * assignment of the machine's guesses in the new space; user labels are never touched.
 */
import type { Database } from 'better-sqlite3';
import { namingRuleOf, reassignMachineGuesses, targetFpirOf } from '../people/assignment';
import { backupBefore } from '../safety/backup';
import { DEFAULT_MATCH_THRESHOLD } from '../space/thresholds';
import { createRng, type Rng } from '../verify/rng';
import { identityLinearHead, type Head } from '../space/head';
import { loadLabelledLibrary, type LabelledLibrary } from './labels-repo';
import { loadMatchingSpace } from '../space/matching-space';
import { namingGate, type NamingGateReport } from './naming-gate';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings';
import { figures, figuresOfAllPairs, gatherRows, heldOutPairs, type SpaceFigures } from './space-figures';
import type { FitResult, TrainingData } from './trainer';
import { holdOutPhotos, peopleWithTwoFaces } from './splits';
import { loadTrainBackend, type Tf, type TrainBackend, type TrainBackendName } from './tf-backend';
import { FitPool } from './parallel-fits';
import { embed } from './trainable-head';
import { withoutRows } from './trainer';
import {
  measureUnseenPeople,
  unseenFolds,
  type PairFigures,
  type UnseenFigures,
  type UnseenFold,
} from './unseen-people';
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
  /** The deciding gate: naming with strangers held out, parent vs candidate (null: "no change" kept). */
  readonly naming: NamingGateReport | null;
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

/** What the fits produced: the candidate, its folds, and the spaces the gate and calibration read. */
interface Fitted {
  readonly fit: FitResult;
  readonly foldSets: UnseenFold[];
  readonly foldFits: readonly FitResult[];
  readonly parentSpace: Float32Array;
  readonly candidateSpace: Float32Array;
  readonly threads: number;
}

interface Prepared {
  readonly s: TrainSettings;
  readonly lib: LabelledLibrary;
  readonly labels: Int32Array;
  readonly people: number;
  readonly heldOut: boolean[];
  readonly heldRows: number[];
  readonly trainData: TrainingData;
  readonly rng: Rng;
}

interface GateOutcome {
  readonly activate: boolean;
  readonly reason: string;
  readonly before: SpaceFigures;
  readonly after: SpaceFigures;
  readonly unseen: UnseenFigures;
  readonly naming: NamingGateReport | null;
}

export async function trainFromLabels(db: Database, req: TrainRequest = {}): Promise<TrainReport> {
  const t0 = performance.now();
  const prep = prepare(db, req);
  const backend = await loadTrainBackend(req.backend ?? 'auto');
  const parentVersion = getActiveHeadVersion(db);
  const fitted = await fitCandidateAndFolds(backend, prep, parentVersion?.head ?? null, req);
  const outcome = gate(db, backend.tf, prep, fitted, parentVersion?.head ?? null);
  const { threshold, compatibility } = calibrate(
    backend.tf,
    prep,
    fitted,
    parentVersion?.id ?? null,
    outcome.naming?.strangerCap ?? Infinity,
  );
  const seconds = (performance.now() - t0) / 1000;
  const { fit } = fitted;
  const metrics = {
    settings: prep.s,
    backend: backend.reason,
    threads: fitted.threads,
    labelledFaces: prep.lib.labelled,
    people: prep.people,
    heldOutFaces: prep.heldRows.length,
    extraNegatives: prep.lib.data.extraNegatives.faces.length,
    steps: fit.steps,
    identityKept: fit.head === null,
    lossCurve: fit.lossCurve,
    valCurve: fit.valCurve,
    mining: fit.mining,
    gate: {
      labelled: { before: outcome.before, after: outcome.after },
      unseen: {
        before: outcome.unseen.before,
        after: outcome.unseen.after,
        mixed: outcome.unseen.mixed,
        folds: outcome.unseen.folds,
      },
      naming: outcome.naming,
      activated: outcome.activate,
      reason: outcome.reason,
    },
    compatibility,
    seconds,
  };
  if (req.signal?.aborted) throw new Error('training cancelled');
  const version = persist(db, {
    parentId: parentVersion?.id ?? null,
    name: `${prep.s.arch}-${new Date().toISOString().slice(0, 19)}`,
    head: fit.head ?? identityLinearHead(),
    threshold,
    metrics,
    activate: outcome.activate,
  });
  return {
    version,
    parent: parentVersion?.id ?? null,
    before: pair(outcome.before),
    after: pair(outcome.after),
    unseen: {
      before: outcome.unseen.before,
      after: outcome.unseen.after,
      mixed: outcome.unseen.mixed,
      folds: outcome.unseen.folds.length,
    },
    naming: outcome.naming,
    activated: outcome.activate,
    reason: outcome.reason,
    threshold,
    steps: fit.steps,
    backend: backend.name,
    threads: fitted.threads,
    labelledFaces: prep.lib.labelled,
    people: prep.people,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The user's labels, and the held-out photos the gate measures on (never trained on). */
function prepare(db: Database, req: TrainRequest): Prepared {
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
  return { s, lib, labels, people, heldOut, heldRows, trainData, rng };
}

/**
 * The candidate on every labelled person (minus held-out photos), then one head per fold of people trained without
 * them for the candidate's number of steps. Worker threads start with the candidate's search; the folds share the
 * cores. "No change" needs no folds: it cannot hurt anyone.
 */
async function fitCandidateAndFolds(
  backend: TrainBackend,
  prep: Prepared,
  parentHead: Head | null,
  req: TrainRequest,
): Promise<Fitted> {
  const { tf } = backend;
  const { s, lib, labels, trainData, rng } = prep;
  const folds = req.unseenFolds ?? UNSEEN_FOLDS;
  const pool = FitPool.start(backend);
  try {
    const [fit] = await pool.run([{ data: trainData, settings: s, parent: parentHead }], {
      signal: req.signal,
      onStep: (_, r) => req.onProgress?.({ phase: r.phase, step: r.step, total: r.total, loss: r.loss, folds }),
    });
    // Early stopping usually ends before the cap: say where, so that progress counts what is left.
    const ran = fit.valCurve.at(-1)?.step ?? fit.steps;
    req.onProgress?.({ phase: 'search', step: ran, total: ran, loss: fit.lossCurve.at(-1)?.value ?? 0, folds });
    const foldSets = fit.head ? unseenFolds(trainData, labels, folds, rng) : [];
    const foldFits = await pool.run(
      foldSets.map((f) => ({ data: f.train, settings: s, parent: parentHead, steps: fit.steps })),
      {
        signal: req.signal,
        onStep: (job, r) =>
          req.onProgress?.({ phase: 'unseen', step: r.step, total: r.total, loss: r.loss, fold: job + 1, folds }),
      },
    );
    return {
      fit,
      foldSets,
      foldFits,
      parentSpace: embed(tf, parentHead, lib.data.vectors),
      candidateSpace: embed(tf, fit.head, lib.data.vectors),
      threads: pool.threadsNow(),
    };
  } finally {
    await pool.close();
  }
}

/**
 * The decision, on the user's task: in each fold, the fold's people are strangers its head never saw; new photos
 * (held-out) of the others are named in the parent's space and in the fold head's, each at the naming rule it would
 * deploy (calibrated with strangers in that space). Activate only for a recall gain beyond noise with no rise of
 * strangers named beyond noise (./naming-gate). The pair figures (VAL, AUC) are kept for the record: they cannot see
 * strangers being named, so they no longer decide.
 */
function gate(db: Database, tf: Tf, prep: Prepared, fitted: Fitted, parentHead: Head | null): GateOutcome {
  const { labels, heldOut, heldRows, lib } = prep;
  const { fit, foldSets, foldFits, parentSpace, candidateSpace } = fitted;
  const before = figures(heldOutPairs(tf, parentSpace, labels, heldOut));
  const after = figures(heldOutPairs(tf, candidateSpace, labels, heldOut));
  const unseen: UnseenFigures = fit.head
    ? measureUnseenPeople(tf, lib.data.vectors, labels, foldSets, foldFits, heldRows)
    : { before: pair(before), after: pair(before), mixed: { before: pair(before), after: pair(before) }, folds: [] };
  if (!fit.head)
    return {
      activate: false,
      reason: 'early stopping kept "no change": no step improved the validation criterion',
      before,
      after,
      unseen,
      naming: null,
    };
  const parentThreshold = loadMatchingSpace(db).threshold;
  const naming = namingGate({
    labels,
    heldOut,
    targetFpir: targetFpirOf(db),
    calibrated: namingRuleOf(db) === 'calibrated',
    seed: prep.s.seed,
    folds: foldSets.map((f, i) => {
      const after = embed(tf, foldFits[i].head ?? parentHead, lib.data.vectors);
      return {
        strangers: f.people,
        before: parentSpace,
        after,
        beforePairThreshold: parentThreshold,
        afterPairThreshold: (gallery: readonly number[]) => ownThreshold(tf, after, labels, gallery) ?? parentThreshold,
      };
    }),
  });
  return { activate: naming.pass, reason: naming.reason, before, after, unseen, naming };
}

/** A space's own pair threshold: FAR 1e-3 over pairs of `rows` (undefined when it cannot be measured). */
function ownThreshold(tf: Tf, space: Float32Array, labels: Int32Array, rows: readonly number[]): number | undefined {
  const t = figuresOfAllPairs(
    tf,
    gatherRows(space, rows),
    Int32Array.from(rows, (r) => labels[r]),
  ).threshold;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/**
 * The adapted space's pair threshold: FAR 1e-3 on the held-out pairs (else on all labelled pairs), capped by the
 * target-FPIR quantile of real strangers in the fold heads (`strangerCap`, ./naming-gate): the naming rule's own
 * leave-one-person-out evidence is too optimistic among the people a head trained on. And harmonic compatibility:
 * candidate embeddings of one face against the parent's of the other.
 */
function calibrate(tf: Tf, prep: Prepared, fitted: Fitted, parentId: number | null, strangerCap: number) {
  const { labels, heldOut, s } = prep;
  const { parentSpace, candidateSpace } = fitted;
  const after = figures(heldOutPairs(tf, candidateSpace, labels, heldOut));
  const allLabelled = [...labels.keys()].filter((r) => labels[r] >= 0);
  const own = after.threshold;
  const pairThreshold =
    (Number.isFinite(own) && own > 0 ? own : ownThreshold(tf, candidateSpace, labels, allLabelled)) ??
    DEFAULT_MATCH_THRESHOLD;
  const threshold = Math.min(pairThreshold, strangerCap);
  const before = figures(heldOutPairs(tf, parentSpace, labels, heldOut));
  const cross = figures(heldOutPairs(tf, candidateSpace, labels, heldOut, parentSpace));
  const compatibility = {
    mixedWithParent: s.compatibleWithParent,
    parentId,
    crossVersion: pair(cross),
    parentOwn: pair(before),
    // "Holds" when comparing across versions loses at most 2 points of VAL@FAR1e-3 against the parent alone.
    holds: cross.valAtFar1e3 >= before.valAtFar1e3 - 0.02,
  };
  return { threshold, compatibility };
}

/** Stores the version in one transaction (a crash leaves no half-written version); activation re-assigns guesses. */
function persist(db: Database, version: Parameters<typeof insertHeadVersion>[1]): number {
  if (version.activate) backupBefore(db, 'model-activation');
  return db.transaction(() => {
    const id = insertHeadVersion(db, version);
    if (version.activate) reassignMachineGuesses(db);
    return id;
  })();
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
