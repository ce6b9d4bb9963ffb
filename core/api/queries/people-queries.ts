/**
 * Read models for the people views: the queries the UI needs, shaped for it. Writes never happen here; they go
 * through core/people's operations.
 */
import type { Database } from 'better-sqlite3';
import type { FaceRef, PersonSummary, PhotoRef } from '../contract';

interface RawPerson {
  id: number;
  name: string | null;
  cover: number | null;
  faceCount: number;
  userFaceCount: number;
  hidden: number;
}

// The stored cover if it still belongs to the person, else their best face: a merge or move can orphan a cover.
const PERSON_SELECT = `
  SELECT p.id, p.name, p.hidden,
    (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND f.rejected = 0) AS faceCount,
    (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND f.rejected = 0 AND f.assigned_by = 'user')
      AS userFaceCount,
    coalesce(
      (SELECT c.id FROM faces c WHERE c.id = p.cover_face_id AND c.person_id = p.id AND c.rejected = 0),
      (SELECT b.id FROM faces b WHERE b.person_id = p.id AND b.rejected = 0 ORDER BY b.quality DESC, b.id LIMIT 1)
    ) AS cover
  FROM people p`;

const toPerson = (r: RawPerson): PersonSummary => ({
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
  const rows = db.prepare(`${PERSON_SELECT} ${includeHidden ? '' : 'WHERE p.hidden = 0'}`).all() as RawPerson[];
  return rows
    .map(toPerson)
    .filter((p) => p.faceCount > 0)
    .sort(comparePeople);
}

export function getPerson(db: Database, id: number): PersonSummary | undefined {
  const r = db.prepare(`${PERSON_SELECT} WHERE p.id = ?`).get(id) as RawPerson | undefined;
  return r && toPerson(r);
}

interface RawFace {
  id: number;
  photo_id: number;
  person_id: number | null;
  assigned_by: 'user' | 'machine' | null;
  quality: number;
}

const toFace = (r: RawFace): FaceRef => ({
  id: r.id,
  photoId: r.photo_id,
  personId: r.person_id,
  assignedBy: r.assigned_by,
  quality: r.quality,
});

/** A person's faces, user-confirmed first, then by quality: the ones worth checking come last. */
export function facesOfPerson(db: Database, personId: number): FaceRef[] {
  const rows = db
    .prepare(
      `SELECT id, photo_id, person_id, assigned_by, quality FROM faces WHERE person_id = ? AND rejected = 0
       ORDER BY assigned_by = 'user' DESC, quality DESC, id`,
    )
    .all(personId) as RawFace[];
  return rows.map(toFace);
}

export function getFaces(db: Database, ids: readonly number[]): FaceRef[] {
  const stmt = db.prepare('SELECT id, photo_id, person_id, assigned_by, quality FROM faces WHERE id = ?');
  return ids
    .map((id) => stmt.get(id) as RawFace | undefined)
    .filter((r): r is RawFace => !!r)
    .map(toFace);
}

export function unsortedFaces(db: Database, offset: number, limit: number): { total: number; items: FaceRef[] } {
  const total = (
    db.prepare('SELECT count(*) AS n FROM faces WHERE person_id IS NULL AND rejected = 0').get() as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT id, photo_id, person_id, assigned_by, quality FROM faces WHERE person_id IS NULL AND rejected = 0
       ORDER BY quality DESC, id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as RawFace[];
  return { total, items: rows.map(toFace) };
}

/** Photos in which every one of `personIds` appears, newest first (undated last). */
export function photosWithAll(db: Database, personIds: readonly number[]): PhotoRef[] {
  const unique = [...new Set(personIds)];
  const marks = unique.map(() => '?').join(',');
  return db
    .prepare(
      `SELECT ph.id, ph.taken_at AS takenAt, ph.mtime AS fileTime, ph.width, ph.height FROM photos ph
       WHERE ph.id IN (SELECT photo_id FROM faces WHERE rejected = 0 AND person_id IN (${marks})
                       GROUP BY photo_id HAVING count(DISTINCT person_id) = ?)
       ORDER BY ph.taken_at IS NULL, ph.taken_at DESC, ph.path`,
    )
    .all(...unique, unique.length) as PhotoRef[];
}
