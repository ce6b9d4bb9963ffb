/**
 * Pair statistics of the library's own user labels, in the space faces are matched in. Every user-named person
 * gives same pairs, every two people give different pairs, and each "not this person" mark on a face the user did
 * not label gives extra different pairs (that face against every face the user put in that person).
 */
import type { Database } from 'better-sqlite3';
import { loadMatchingSpace } from '../space/matching-space';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { PairDistances } from './pair-distances';
import { pairStats, type PairStats, type PairStatsOptions } from './pair-stats';
import type { MatchSpace } from '../space/thresholds';
import { loadNotPersonMarks, loadUserLabelledFaces } from './user-labels-repo';

export interface LabelStats {
  readonly space: MatchSpace;
  readonly faces: number;
  readonly identities: number;
  /** Different pairs added from "not this person" marks (0 when the different pairs were sampled). */
  readonly notPersonPairs: number;
  /** Null when fewer than two labelled faces exist: there is nothing to pair. */
  readonly stats: PairStats | null;
}

/** Maps n descriptors into `space` ('adapted' = the active head, identity when none is active). */
export function toSpace(db: Database, space: MatchSpace, vectors: Float32Array): Float32Array {
  return space === 'adapted' && vectors.length ? loadMatchingSpace(db).mapAll(vectors) : vectors;
}

export function userLabelStats(db: Database, space: MatchSpace, opts: PairStatsOptions = {}): LabelStats {
  const labelled = loadUserLabelledFaces(db);
  const n = labelled.labels.length;
  const identities = new Set(labelled.labels).size;
  if (n < 2) return { space, faces: n, identities, notPersonPairs: 0, stats: null };
  const vectors = toSpace(db, space, labelled.vectors);
  const base = pairStats(vectors, labelled.labels, opts);
  // Extra pairs can only join an exact set: mixed into a uniform sample they would be over-weighted.
  if (base.sampled.diff) return { space, faces: n, identities, notPersonPairs: 0, stats: base };
  const extra = notPersonDistances(db, space, vectors, labelled.labels);
  if (!extra.length) return { space, faces: n, identities, notPersonPairs: 0, stats: base };
  const diff = new Float64Array(base.diff.length + extra.length);
  diff.set(base.diff);
  diff.set(extra, base.diff.length);
  diff.sort();
  return {
    space,
    faces: n,
    identities,
    notPersonPairs: extra.length,
    stats: { ...base, diff, diffTotal: diff.length },
  };
}

function notPersonDistances(db: Database, space: MatchSpace, vectors: Float32Array, labels: Int32Array): number[] {
  const marks = loadNotPersonMarks(db);
  if (!marks.faceIds.length) return [];
  const n = labels.length;
  const markVectors = toSpace(db, space, marks.vectors);
  const all = new Float32Array(vectors.length + markVectors.length);
  all.set(vectors);
  all.set(markVectors, vectors.length);
  const dist = new PairDistances(all, DESCRIPTOR_SIZE);
  const out: number[] = [];
  marks.personIds.forEach((p, m) => {
    for (let i = 0; i < n; i++) if (labels[i] === p) out.push(dist.distance(n + m, i));
  });
  return out;
}
