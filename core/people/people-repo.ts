/**
 * SQL for the people module: people rows, face assignments and not_person marks. Services in this folder
 * hold the rules; this module only reads and writes.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';

export type AssignedBy = 'user' | 'machine';

export interface PersonRow {
  readonly id: number;
  readonly name: string | null;
  readonly coverFaceId: number | null;
  readonly hidden: boolean;
  readonly createdAt: number;
}

interface RawPerson {
  id: number;
  name: string | null;
  cover_face_id: number | null;
  hidden: number;
  created_at: number;
}

const toPerson = (r: RawPerson): PersonRow => ({
  id: r.id,
  name: r.name,
  coverFaceId: r.cover_face_id,
  hidden: r.hidden === 1,
  createdAt: r.created_at,
});

/** People as every view counts them: those with at least one face (an emptied person is not shown). */
export function countPeople(db: Database): { total: number; named: number } {
  return db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(name IS NOT NULL), 0) AS named FROM people p
       WHERE EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND f.rejected = 0)`,
    )
    .get() as { total: number; named: number };
}

/** Every person's id and name, by id (for the export). */
export function iteratePeopleNames(db: Database): Iterable<{ id: number; name: string | null }> {
  return db.prepare('SELECT id, name FROM people ORDER BY id').iterate() as Iterable<{
    id: number;
    name: string | null;
  }>;
}

export function getPerson(db: Database, id: number): PersonRow | undefined {
  const r = db.prepare('SELECT * FROM people WHERE id = ?').get(id) as RawPerson | undefined;
  return r && toPerson(r);
}

export function findPersonByName(db: Database, name: string): PersonRow | undefined {
  const r = db.prepare('SELECT * FROM people WHERE name = ? ORDER BY id LIMIT 1').get(name) as RawPerson | undefined;
  return r && toPerson(r);
}

export function createPerson(db: Database, name: string | null = null): number {
  return Number(
    db.prepare('INSERT INTO people (name, created_at) VALUES (?, ?)').run(name, Date.now()).lastInsertRowid,
  );
}

export function updatePerson(
  db: Database,
  id: number,
  patch: { name?: string | null; coverFaceId?: number | null; hidden?: boolean },
): void {
  if (patch.name !== undefined) db.prepare('UPDATE people SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.coverFaceId !== undefined)
    db.prepare('UPDATE people SET cover_face_id = ? WHERE id = ?').run(patch.coverFaceId, id);
  if (patch.hidden !== undefined) db.prepare('UPDATE people SET hidden = ? WHERE id = ?').run(patch.hidden ? 1 : 0, id);
}

export function deletePerson(db: Database, id: number): void {
  db.prepare('DELETE FROM people WHERE id = ?').run(id);
}

/** Sets faces' person and who assigned it (null person clears both). */
export function assignFaces(
  db: Database,
  faceIds: readonly number[],
  personId: number | null,
  by: AssignedBy | null,
): void {
  const stmt = db.prepare('UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?');
  for (const id of faceIds) stmt.run(personId, personId === null ? null : by, id);
}

/** Assigns each face to its own person, one prepared statement for all. */
export function assignEach(
  db: Database,
  pairs: readonly (readonly [faceId: number, personId: number])[],
  by: AssignedBy,
): void {
  const stmt = db.prepare('UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?');
  for (const [face, person] of pairs) stmt.run(person, by, face);
}

export function faceIdsOfPerson(db: Database, personId: number, by?: AssignedBy): number[] {
  const sql = by
    ? 'SELECT id FROM faces WHERE person_id = ? AND assigned_by = ? ORDER BY id'
    : 'SELECT id FROM faces WHERE person_id = ? ORDER BY id';
  const rows = (by ? db.prepare(sql).all(personId, by) : db.prepare(sql).all(personId)) as { id: number }[];
  return rows.map((r) => r.id);
}

export interface FaceState {
  readonly id: number;
  readonly photoId: number;
  readonly personId: number | null;
  readonly assignedBy: AssignedBy | null;
  readonly rejected: boolean;
}

export function getFaceStates(db: Database, faceIds: readonly number[]): FaceState[] {
  const rows = db
    .prepare(
      `SELECT id, photo_id, person_id, assigned_by, rejected FROM faces WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(faceIds)) as {
    id: number;
    photo_id: number;
    person_id: number | null;
    assigned_by: AssignedBy | null;
    rejected: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    photoId: r.photo_id,
    personId: r.person_id,
    assignedBy: r.assigned_by,
    rejected: r.rejected === 1,
  }));
}

export function addNotPerson(db: Database, faceId: number, personId: number): void {
  db.prepare('INSERT OR IGNORE INTO not_person (face_id, person_id) VALUES (?, ?)').run(faceId, personId);
}

export function removeNotPerson(db: Database, faceId: number, personId: number): void {
  db.prepare('DELETE FROM not_person WHERE face_id = ? AND person_id = ?').run(faceId, personId);
}

/** Every not_person mark as face id -> set of person ids. */
export function loadNotPerson(db: Database): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const r of db.prepare('SELECT face_id, person_id FROM not_person').iterate() as Iterable<{
    face_id: number;
    person_id: number;
  }>) {
    let s = out.get(r.face_id);
    if (!s) out.set(r.face_id, (s = new Set()));
    s.add(r.person_id);
  }
  return out;
}

/** The non-rejected faces as columns: what assignment and clustering work on. Row order = face id. */
export interface FaceTable {
  readonly ids: Int32Array;
  readonly photoIds: Int32Array;
  /** Person id, or -1 for Unsorted. */
  readonly personIds: Int32Array;
  /** 1 where the user assigned the face. */
  readonly userAssigned: Uint8Array;
  readonly quality: Float32Array;
  readonly vectors: Float32Array;
}

export function loadFaceTable(db: Database, opts: { minId?: number } = {}): FaceTable {
  const where = `rejected = 0 AND id > ?`;
  const minId = opts.minId ?? 0;
  const n = (db.prepare(`SELECT count(*) AS n FROM faces WHERE ${where}`).get(minId) as { n: number }).n;
  const ids = new Int32Array(n);
  const photoIds = new Int32Array(n);
  const personIds = new Int32Array(n);
  const userAssigned = new Uint8Array(n);
  const quality = new Float32Array(n);
  const vectors = new Float32Array(n * DESCRIPTOR_SIZE);
  const bytes = new Uint8Array(vectors.buffer);
  let i = 0;
  const stmt = db.prepare(
    `SELECT id, photo_id, person_id, assigned_by, quality, embedding FROM faces WHERE ${where} ORDER BY id`,
  );
  type R = {
    id: number;
    photo_id: number;
    person_id: number | null;
    assigned_by: AssignedBy | null;
    quality: number;
    embedding: Buffer;
  };
  for (const r of stmt.iterate(minId) as Iterable<R>) {
    if (i >= n) break;
    if (r.embedding.byteLength !== DESCRIPTOR_SIZE * 4) throw new Error(`face ${r.id} has a malformed embedding`);
    ids[i] = r.id;
    photoIds[i] = r.photo_id;
    personIds[i] = r.person_id ?? -1;
    userAssigned[i] = r.assigned_by === 'user' ? 1 : 0;
    quality[i] = r.quality;
    bytes.set(r.embedding, i * DESCRIPTOR_SIZE * 4);
    i++;
  }
  if (i < n) throw new Error('faces changed while loading; try again');
  return { ids, photoIds, personIds, userAssigned, quality, vectors };
}

/**
 * Deletes people with no faces, no name and no hidden flag (among `ids`, or all): nothing a user can see or
 * would miss. Their not_person marks go with them; they only ever meant something while the person had faces.
 */
export function deleteEmptyUnnamedPeople(db: Database, ids?: readonly number[]): number {
  const scope = ids ? 'AND id IN (SELECT value FROM json_each(?))' : '';
  const stmt = db.prepare(
    `DELETE FROM people WHERE name IS NULL AND hidden = 0 ${scope}
       AND NOT EXISTS (SELECT 1 FROM faces WHERE faces.person_id = people.id)`,
  );
  return (ids ? stmt.run(JSON.stringify(ids)) : stmt.run()).changes;
}

// Settings have their own repository; re-exported for the people modules that read them.
export { getSetting, setSetting } from '../db/settings-repo';

/** A person as the people views list them: face counts (rejected faces left out) and a cover that is theirs. */
export interface PersonSummaryRow {
  id: number;
  name: string | null;
  cover: number | null;
  faceCount: number;
  userFaceCount: number;
  hidden: number;
}

// The stored cover if it still belongs to the person, else their best face: a merge or move can orphan a cover.
const PERSON_SUMMARY_SELECT = `
  SELECT p.id, p.name, p.hidden,
    (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND f.rejected = 0) AS faceCount,
    (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND f.rejected = 0 AND f.assigned_by = 'user')
      AS userFaceCount,
    coalesce(
      (SELECT c.id FROM faces c WHERE c.id = p.cover_face_id AND c.person_id = p.id AND c.rejected = 0),
      (SELECT b.id FROM faces b WHERE b.person_id = p.id AND b.rejected = 0 ORDER BY b.quality DESC, b.id LIMIT 1)
    ) AS cover
  FROM people p`;

export function personSummaryRows(db: Database, opts: { includeHidden: boolean }): PersonSummaryRow[] {
  return db
    .prepare(`${PERSON_SUMMARY_SELECT} ${opts.includeHidden ? '' : 'WHERE p.hidden = 0'}`)
    .all() as PersonSummaryRow[];
}

export function personSummaryRow(db: Database, id: number): PersonSummaryRow | undefined {
  return db.prepare(`${PERSON_SUMMARY_SELECT} WHERE p.id = ?`).get(id) as PersonSummaryRow | undefined;
}
