/**
 * Identity-balanced mini-batches (FaceNet §3.2): P people with at least two faces, up to K faces of each
 * (without replacement within a person), so that every batch holds anchor-positive pairs for every
 * identity in it, plus extra negatives: faces the user marked "not this person" for a person in the batch.
 */
import type { Rng } from '../verify/rng';

/** Label of a batch item that is only a negative for person `p` (a not_person mark): -(p + 1). */
export const negativeOnlyLabel = (person: number): number => -(person + 1);

export interface TrainingSet {
  /** Person index (>= 0) of each row; -1 for a row that is only an extra negative (no user label). */
  readonly labels: Int32Array;
  /** Extra negatives: `faces[i]` (row in the descriptor matrix) is NOT person `people[i]`. */
  readonly extraNegatives: { readonly faces: Int32Array; readonly people: Int32Array };
}

export interface BatchOptions {
  readonly people: number;
  readonly facesPerPerson: number;
  /** Cap on extra negatives per person in the batch (default 2). */
  readonly extraPerPerson?: number;
}

export interface Batch {
  /** Row of each batch item in the descriptor matrix. */
  readonly rows: Int32Array;
  /** Person index for labelled items; negativeOnlyLabel(p) for extra negatives. */
  readonly labels: Int32Array;
}

/** Groups the faces of each person (only people with >= 2 faces can give anchor-positive pairs). */
export class BatchSampler {
  private readonly byPerson = new Map<number, number[]>();
  private readonly extraByPerson = new Map<number, number[]>();
  private readonly eligible: number[];

  constructor(
    private readonly set: TrainingSet,
    private readonly opts: BatchOptions,
    private readonly rng: Rng,
  ) {
    if (opts.people < 2 || opts.facesPerPerson < 2) throw new Error('a batch needs >= 2 people and >= 2 faces each');
    set.labels.forEach((p, row) => {
      if (p < 0) return;
      const list = this.byPerson.get(p) ?? [];
      list.push(row);
      this.byPerson.set(p, list);
    });
    set.extraNegatives.faces.forEach((row, i) => {
      const p = set.extraNegatives.people[i];
      const list = this.extraByPerson.get(p) ?? [];
      list.push(row);
      this.extraByPerson.set(p, list);
    });
    this.eligible = [...this.byPerson.entries()].filter(([, rows]) => rows.length >= 2).map(([p]) => p);
    this.eligible.sort((a, b) => a - b);
  }

  /** People who can be anchors; training needs at least two of them. */
  get eligiblePeople(): number {
    return this.eligible.length;
  }

  next(): Batch {
    if (this.eligible.length < 2) throw new Error('training needs at least two people with two or more labelled faces');
    const people = this.pick(this.eligible, Math.min(this.opts.people, this.eligible.length));
    const rows: number[] = [];
    const labels: number[] = [];
    for (const p of people) {
      for (const r of this.pick(this.byPerson.get(p)!, this.opts.facesPerPerson)) {
        rows.push(r);
        labels.push(p);
      }
    }
    const cap = this.opts.extraPerPerson ?? 2;
    for (const p of people) {
      const extra = this.extraByPerson.get(p);
      if (!extra) continue;
      for (const r of this.pick(extra, cap)) {
        rows.push(r);
        labels.push(negativeOnlyLabel(p));
      }
    }
    return { rows: Int32Array.from(rows), labels: Int32Array.from(labels) };
  }

  /** Up to k distinct items (partial Fisher-Yates on a copy). */
  private pick(items: readonly number[], k: number): number[] {
    const a = items.slice();
    const m = Math.min(k, a.length);
    for (let i = 0; i < m; i++) {
      const j = i + this.rng.int(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, m);
  }
}
