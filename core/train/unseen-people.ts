/**
 * Gate (b): does training hurt people it never saw? Identity-disjoint cross-validation over the user's labelled
 * people: each fold's people are left out, a head trains on the others for the candidate's number of steps, and
 * the fold's people are measured before (backbone) and after (that fold's head). A validation loss on the
 * labelled people cannot see this harm (notes/finetune-experiment.md), so it is measured directly. The folds
 * train at the same time, one per core (./parallel-fits).
 */
import type { Rng } from '../verify/rng';
import type { Head } from '../space/head';
import { figuresOfAllPairs, gatherRows, type SpaceFigures } from './space-figures';
import { peopleFolds, peopleWithTwoFaces } from './splits';
import type { Tf } from './tf-backend';
import { embed } from './trainable-head';
import { withoutRows, type TrainingData } from './trainer';

export interface PairFigures {
  readonly auc: number;
  readonly valAtFar1e3: number;
}

export interface FoldFigures {
  readonly people: number;
  readonly faces: number;
  /** Steps the fold's head trained (the candidate's). */
  readonly steps: number;
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

export interface UnseenFold {
  readonly people: ReadonlySet<number>;
  /** Every labelled row of the fold's people (held-out photos included). */
  readonly testRows: readonly number[];
  /** What the fold trains on: `data` without the fold's people. */
  readonly train: TrainingData;
}

/** The folds that can be measured: >= 2 people to test, >= 2 people with 2+ faces left to train on. */
export function unseenFolds(data: TrainingData, allLabels: Int32Array, k: number, rng: Rng): UnseenFold[] {
  return peopleFolds(allLabels, k, rng).flatMap((fold) => {
    const people = new Set(fold);
    const testRows: number[] = [];
    allLabels.forEach((p, r) => {
      if (p >= 0 && people.has(p)) testRows.push(r);
    });
    const train = withoutRows(data, testRows);
    return people.size >= 2 && peopleWithTwoFaces(train.labels) >= 2 ? [{ people, testRows, train }] : [];
  });
}

/**
 * `heads[f]` is what fold f's training chose (null: "no change"). `heldOutRows` are rows of labelled people that
 * no head trained on (held-out photos), for the mixed measure.
 */
export function measureUnseenPeople(
  tf: Tf,
  vectors: Float32Array,
  allLabels: Int32Array,
  folds: readonly UnseenFold[],
  heads: readonly { head: Head | null; steps: number }[],
  heldOutRows: readonly number[],
): UnseenFigures {
  const measured = folds.map((fold, f): FoldFigures => {
    const head = heads[f].head;
    const sub = gatherRows(vectors, fold.testRows);
    const labels = Int32Array.from(fold.testRows, (r) => allLabels[r]);
    const before = figuresOfAllPairs(tf, sub, labels);
    const mixedRows = [...fold.testRows, ...heldOutRows.filter((r) => !fold.people.has(allLabels[r]))];
    const mixedSub = gatherRows(vectors, mixedRows);
    const mixedLabels = Int32Array.from(mixedRows, (r) => allLabels[r]);
    const mixedBefore = figuresOfAllPairs(tf, mixedSub, mixedLabels);
    return {
      people: fold.people.size,
      faces: fold.testRows.length,
      steps: heads[f].steps,
      before,
      after: head ? figuresOfAllPairs(tf, embed(tf, head, sub), labels) : before,
      mixed: {
        before: mixedBefore,
        after: head ? figuresOfAllPairs(tf, embed(tf, head, mixedSub), mixedLabels) : mixedBefore,
      },
    };
  });
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
