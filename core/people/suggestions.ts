/**
 * Suggestions that make labelling fast, by nearest-neighbour distance in the matching space:
 * - for Unsorted faces, the nearest 3 people (distance = to that person's nearest face), each marked with whether
 *   the automatic naming rule would accept it (so the UI can say "probably nobody you have named");
 * - for a person, the review queue: Unsorted faces that are probably them, nearest first.
 * Hidden people, people a face was marked "not", and people already holding another face of the same photo
 * are never suggested.
 */
import type { Database } from 'better-sqlite3';
import { loadMatchingSpace } from '../space/matching-space';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { constraintChecker, namingCalibration } from './assignment';
import { searchKnn } from './knn-graph';
import { loadFaceTable, type FaceTable } from './people-repo';

const DIM = DESCRIPTOR_SIZE;

export interface PersonSuggestion {
  readonly personId: number;
  readonly name: string | null;
  readonly distance: number;
  /**
   * Whether the automatic naming rule (calibrated for strangers, core/people/naming-rule.ts) would name the face
   * this person: false means "probably nobody you have named" as far as this person goes.
   */
  readonly withinRule: boolean;
}

export interface FaceSuggestions {
  readonly faceId: number;
  readonly people: PersonSuggestion[];
}

function gather(table: FaceTable, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => out.set(table.vectors.subarray(r * DIM, (r + 1) * DIM), i * DIM));
  return out;
}

function visiblePeople(db: Database): Map<number, string | null> {
  const rows = db.prepare('SELECT id, name FROM people WHERE hidden = 0').all() as {
    id: number;
    name: string | null;
  }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Top `top` people for each Unsorted face (or only `faceIds`), nearest first. */
export function suggestPeople(
  db: Database,
  opts: { faceIds?: readonly number[]; top?: number } = {},
): FaceSuggestions[] {
  const top = opts.top ?? 3;
  const table = loadFaceTable(db);
  const only = opts.faceIds ? new Set(opts.faceIds) : null;
  const people = visiblePeople(db);
  const queries: number[] = [];
  const refs: number[] = [];
  for (let i = 0; i < table.ids.length; i++) {
    if (table.personIds[i] < 0) {
      if (!only || only.has(table.ids[i])) queries.push(i);
    } else if (people.has(table.personIds[i])) refs.push(i);
  }
  if (!queries.length) return [];
  const space = loadMatchingSpace(db);
  const rule = namingCalibration(db, table);
  const check = constraintChecker(db, table);
  // enough neighbours that `top` distinct people usually appear among them
  const g = searchKnn(space.mapAll(gather(table, refs)), space.mapAll(gather(table, queries)), DIM, top * 10);
  return queries.map((r, q) => {
    const best = new Map<number, number>();
    for (let t = q * g.k, end = t + g.k; t < end; t++) {
      const j = g.indices[t];
      if (j < 0) break;
      const p = table.personIds[refs[j]];
      if (!best.has(p) && check.allowed(r, p)) best.set(p, g.distances[t]);
    }
    const ranked = [...best];
    const list = ranked.slice(0, top).map(([personId, distance], i) => {
      // the cohort ratio: against the nearest OTHER person (the runner-up for the best, the best for the others)
      const other = ranked[i === 0 ? 1 : 0]?.[1] ?? Infinity;
      const withinRule = distance <= rule.threshold && !(distance > rule.ratio * other);
      return { personId, name: people.get(personId) ?? null, distance, withinRule };
    });
    return { faceId: table.ids[r], people: list };
  });
}

export interface ReviewItem {
  readonly faceId: number;
  readonly distance: number;
}

/**
 * Unsorted faces that are probably `personId`, nearest first: those within `maxDistance` (default 1.25 × the
 * matching threshold, so the queue also shows the near misses a user can confirm) of the person's nearest face.
 */
export function reviewQueue(
  db: Database,
  personId: number,
  opts: { limit?: number; maxDistance?: number } = {},
): ReviewItem[] {
  const table = loadFaceTable(db);
  const space = loadMatchingSpace(db);
  const maxDistance = opts.maxDistance ?? 1.25 * space.threshold;
  const refs: number[] = [];
  const queries: number[] = [];
  for (let i = 0; i < table.ids.length; i++) {
    if (table.personIds[i] === personId) refs.push(i);
    else if (table.personIds[i] < 0) queries.push(i);
  }
  if (!refs.length || !queries.length) return [];
  const check = constraintChecker(db, table);
  const g = searchKnn(space.mapAll(gather(table, refs)), space.mapAll(gather(table, queries)), DIM, 1);
  const out: ReviewItem[] = [];
  queries.forEach((r, q) => {
    const d = g.distances[q];
    if (d <= maxDistance && check.allowed(r, personId)) out.push({ faceId: table.ids[r], distance: d });
  });
  out.sort((a, b) => a.distance - b.distance || a.faceId - b.faceId);
  return out.slice(0, opts.limit ?? 100);
}
