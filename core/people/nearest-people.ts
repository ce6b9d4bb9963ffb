/**
 * People ranked by how close they are to some faces: the order a move picker offers them in, so that the person the
 * faces most likely belong to is at the top instead of wherever the alphabet or a face count puts them.
 */
import type { Database } from 'better-sqlite3';
import { loadMatchingSpace } from '../space/matching-space';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { searchKnn } from './knn-graph';
import { loadFaceTable } from './people-repo';

const DIM = DESCRIPTOR_SIZE;
/** Neighbours looked at per face: enough that the nearest few dozen people appear among them. */
const NEIGHBOURS = 200;

export interface NearPerson {
  readonly personId: number;
  /** Distance from the nearest of the given faces to the person's nearest face, in the matching space. */
  readonly distance: number;
}

/** People (other than the faces' own) nearest the faces first; people with no face among the neighbours are left out. */
export function peopleNearFaces(db: Database, faceIds: readonly number[]): NearPerson[] {
  const table = loadFaceTable(db);
  const wanted = new Set(faceIds);
  const own = new Set<number>();
  for (let i = 0; i < table.ids.length; i++) if (wanted.has(table.ids[i])) own.add(table.personIds[i]);
  const queryRows: number[] = [];
  const refRows: number[] = [];
  for (let i = 0; i < table.ids.length; i++) {
    if (wanted.has(table.ids[i])) queryRows.push(i);
    else if (table.personIds[i] >= 0 && !own.has(table.personIds[i])) refRows.push(i);
  }
  if (!queryRows.length || !refRows.length) return [];
  const space = loadMatchingSpace(db);
  const gather = (rows: number[]) => {
    const out = new Float32Array(rows.length * DIM);
    rows.forEach((r, i) => out.set(table.vectors.subarray(r * DIM, (r + 1) * DIM), i * DIM));
    return space.mapAll(out);
  };
  const g = searchKnn(gather(refRows), gather(queryRows), DIM, NEIGHBOURS);
  const best = new Map<number, number>();
  for (let t = 0; t < g.indices.length; t++) {
    const j = g.indices[t];
    if (j < 0) continue;
    const p = table.personIds[refRows[j]];
    const d = g.distances[t];
    if (!(best.get(p)! <= d)) best.set(p, d);
  }
  return [...best]
    .map(([personId, distance]) => ({ personId, distance }))
    .sort((a, b) => a.distance - b.distance || a.personId - b.personId);
}
