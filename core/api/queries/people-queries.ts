/**
 * Read models for the people views: the repositories' rows shaped for the UI. Writes never happen here; they go
 * through core/people's operations.
 */
import type { Database } from 'better-sqlite3';
import { faceRefRowsByIds, faceRefRowsOfPerson, unsortedFaceRefRows, type FaceRefRow } from '../../db/faces-repo';
import { photosWithAllPeople } from '../../db/photos-repo';
import { personSummaryRow, personSummaryRows, type PersonSummaryRow } from '../../people/people-repo';
import type { FaceRef, PersonSummary, PhotoRef } from '../contract';

const toPerson = (r: PersonSummaryRow): PersonSummary => ({
  id: r.id,
  name: r.name,
  coverFaceId: r.cover,
  faceCount: r.faceCount,
  userFaceCount: r.userFaceCount,
  hidden: r.hidden !== 0,
});

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Named people first (by name, locale-aware: SQLite's lower() is ASCII-only), then unnamed clusters by size. */
export function comparePeople(a: PersonSummary, b: PersonSummary): number {
  if (a.name !== null && b.name !== null) return collator.compare(a.name, b.name) || a.id - b.id;
  if (a.name !== null) return -1;
  if (b.name !== null) return 1;
  return b.faceCount - a.faceCount || a.id - b.id;
}

/** People that have at least one face (an emptied cluster is not shown). */
export function listPeople(db: Database, includeHidden: boolean): PersonSummary[] {
  const rows = personSummaryRows(db, { includeHidden });
  return rows
    .map(toPerson)
    .filter((p) => p.faceCount > 0)
    .sort(comparePeople);
}

export function getPerson(db: Database, id: number): PersonSummary | undefined {
  const r = personSummaryRow(db, id);
  return r && toPerson(r);
}

const toFace = (r: FaceRefRow): FaceRef => ({
  id: r.id,
  photoId: r.photo_id,
  personId: r.person_id,
  assignedBy: r.assigned_by,
  quality: r.quality,
});

/** A person's faces, user-confirmed first, then by quality: the ones worth checking come last. */
export function facesOfPerson(db: Database, personId: number): FaceRef[] {
  return faceRefRowsOfPerson(db, personId).map(toFace);
}

export function getFaces(db: Database, ids: readonly number[]): FaceRef[] {
  return faceRefRowsByIds(db, ids).map(toFace);
}

export function unsortedFaces(db: Database, offset: number, limit: number): { total: number; items: FaceRef[] } {
  const { total, rows } = unsortedFaceRefRows(db, offset, limit);
  return { total, items: rows.map(toFace) };
}

/** Photos in which every one of `personIds` appears, newest first (undated last). */
export function photosWithAll(db: Database, personIds: readonly number[]): PhotoRef[] {
  return photosWithAllPeople(db, personIds);
}
