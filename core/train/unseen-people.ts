/**
 * Gate (b): does training hurt people it never saw? Identity-disjoint cross-validation over the user's labelled
 * people: for each fold, the same procedure trains on the OTHER people for the candidate's number of steps, and
 * the fold's people are measured before (backbone) and after (that fold's head). A validation loss on the
 * labelled people cannot see this harm (notes/finetune-experiment.md), so it is measured directly.
 */
import type { Rng } from '../verify/rng';
import { applyHead } from './head';
import type { TrainSettings } from './settings';
import { figuresOfAllPairs, gatherRows, type SpaceFigures } from './space-figures';
import { peopleFolds } from './splits';
import type { TrainBackend } from './tf-backend';
import { trainFixedSteps, withoutRows, type StepReport, type TrainingData } from './trainer';

export interface PairFigures {
  readonly auc: number;
  readonly valAtFar1e3: number;
}

export interface FoldFigures {
  readonly people: number;
  readonly faces: number;
  readonly before: SpaceFigures;
  readonly after: SpaceFigures;
  /** The fold's faces together with held-out photos of the people it trained on (unknown among known). */
  readonly mixed: { readonly before: SpaceFigures; readonly after: SpaceFigures };
}

export interface UnseenFigures {
  /** Means over the measured folds (NaN when no fold could be measured). */
  readonly before: PairFigures;
  readonly after: PairFigures;
  /** Means over folds of the mixed library: unseen people against held-out photos of the trained people. */
  readonly mixed: { readonly before: PairFigures; readonly after: PairFigures };
  readonly folds: FoldFigures[];
}

export interface UnseenOptions {
  readonly folds: number;
  readonly steps: number;
  /** Rows of labelled people that no head trained on (held-out photos), for the mixed measure. */
  readonly heldOutRows: readonly number[];
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  readonly onStep?: (fold: number, folds: number, r: StepReport) => void;
}

/** `data` is the training part (held-out photos already removed); measures on every labelled row of a fold. */
export async function measureUnseenPeople(
  backend: TrainBackend,
  data: TrainingData,
  allLabels: Int32Array,
  s: TrainSettings,
  o: UnseenOptions,
): Promise<UnseenFigures> {
  const folds = peopleFolds(allLabels, o.folds, o.rng);
  const measured: FoldFigures[] = [];
  for (let f = 0; f < folds.length; f++) {
    const inFold = new Set(folds[f]);
    const testRows: number[] = [];
    allLabels.forEach((p, r) => {
      if (p >= 0 && inFold.has(p)) testRows.push(r);
    });
    const train = withoutRows(data, testRows);
    if (inFold.size < 2 || !hasTwoEligiblePeople(train.labels)) continue;
    const { head } = await trainFixedSteps(backend, train, s, o.steps, {
      signal: o.signal,
      onStep: (r) => o.onStep?.(f, folds.length, r),
    });
    const sub = gatherRows(data.vectors, testRows);
    const labels = Int32Array.from(testRows, (r) => allLabels[r]);
    const before = figuresOfAllPairs(sub, labels);
    const after = figuresOfAllPairs(applyHead(head, sub), labels);
    const mixedRows = [...testRows, ...o.heldOutRows.filter((r) => !inFold.has(allLabels[r]))];
    const mixedSub = gatherRows(data.vectors, mixedRows);
    const mixedLabels = Int32Array.from(mixedRows, (r) => allLabels[r]);
    const mixed = {
      before: figuresOfAllPairs(mixedSub, mixedLabels),
      after: figuresOfAllPairs(applyHead(head, mixedSub), mixedLabels),
    };
    measured.push({ people: inFold.size, faces: testRows.length, before, after, mixed });
  }
  // A fold whose people have one face each has no same pairs (VAL undefined): it is left out of that mean.
  const mean = (pick: (f: FoldFigures) => number) => {
    const xs = measured.map(pick).filter(Number.isFinite);
    return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : NaN;
  };
  return {
    before: { auc: mean((f) => f.before.auc), valAtFar1e3: mean((f) => f.before.valAtFar1e3) },
    after: { auc: mean((f) => f.after.auc), valAtFar1e3: mean((f) => f.after.valAtFar1e3) },
    mixed: {
      before: { auc: mean((f) => f.mixed.before.auc), valAtFar1e3: mean((f) => f.mixed.before.valAtFar1e3) },
      after: { auc: mean((f) => f.mixed.after.auc), valAtFar1e3: mean((f) => f.mixed.after.valAtFar1e3) },
    },
    folds: measured,
  };
}

function hasTwoEligiblePeople(labels: Int32Array): boolean {
  const count = new Map<number, number>();
  for (const p of labels) if (p >= 0) count.set(p, (count.get(p) ?? 0) + 1);
  return [...count.values()].filter((c) => c >= 2).length >= 2;
}
