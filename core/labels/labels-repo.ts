/**
 * SQL for portable labels: reads every user label with what identifies its photo, and writes labels onto
 * matched faces. The only module of core/labels that touches the database.
 */
import type { Database } from 'better-sqlite3';
import type { Box } from '../vision/types';

export interface LabelledFaceRow {
  readonly faceId: number;
  readonly photoId: number;
  readonly path: string;
  readonly hash: string | null;
  readonly width: number;
  readonly height: number;
  readonly box: Box;
  /** Set only when the user put the face there (assigned_by = 'user'). */
  readonly personId: number | null;
  readonly rejected: boolean;
  readonly notPerson: readonly number[];
}

export interface PersonRow {
  readonly id: number;
  readonly name: string | null;
  readonly hidden: boolean;
}

/** Faces that carry a user label of any kind, in photo then face order. */
export function userLabelledFaces(db: Database, personIds?: ReadonlySet<number>): LabelledFaceRow[] {
  const rows = db
    .prepare(
      `SELECT f.id AS faceId, f.photo_id AS photoId, p.path, p.hash, p.width, p.height, f.x, f.y, f.w, f.h,
         CASE WHEN f.assigned_by = 'user' THEN f.person_id END AS personId, f.rejected,
         (SELECT json_group_array(person_id) FROM not_person n WHERE n.face_id = f.id) AS notPerson
       FROM faces f JOIN photos p ON p.id = f.photo_id
       WHERE (f.assigned_by = 'user' OR f.rejected = 1 OR EXISTS (SELECT 1 FROM not_person n WHERE n.face_id = f.id))
         AND p.width IS NOT NULL AND p.height IS NOT NULL
       ORDER BY p.path, f.id`,
    )
    .all() as {
    faceId: number;
    photoId: number;
    path: string;
    hash: string | null;
    width: number;
    height: number;
    x: number;
    y: number;
    w: number;
    h: number;
    personId: number | null;
    rejected: number;
    notPerson: string;
  }[];
  return rows
    .map((r) => ({
      faceId: r.faceId,
      photoId: r.photoId,
      path: r.path,
      hash: r.hash,
      width: r.width,
      height: r.height,
      box: { x: r.x, y: r.y, w: r.w, h: r.h },
      personId: r.personId,
      rejected: r.rejected === 1,
      notPerson: JSON.parse(r.notPerson) as number[],
    }))
    .filter((r) => !personIds || (r.personId !== null && personIds.has(r.personId)));
}

export function peopleByIds(db: Database, ids: readonly number[]): PersonRow[] {
  const rows = db
    .prepare(`SELECT id, name, hidden FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .all(JSON.stringify(ids)) as { id: number; name: string | null; hidden: number }[];
  return rows.map((r) => ({ id: r.id, name: r.name, hidden: r.hidden === 1 }));
}

export function personIdsNamed(db: Database, name: string): number[] {
  return db.prepare('SELECT id FROM people WHERE name = ? ORDER BY id').pluck().all(name) as number[];
}

export function createPerson(db: Database, name: string | null, hidden: boolean): number {
  return Number(
    db.prepare('INSERT INTO people (name, hidden, created_at) VALUES (?, ?, ?)').run(name, hidden ? 1 : 0, Date.now())
      .lastInsertRowid,
  );
}

export interface CandidatePhoto {
  readonly id: number;
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

/** Photos with this content (all copies), else the photo at this path; only analysed ones have faces to label. */
export function findLabelTargets(db: Database, hash: string | null, path: string): CandidatePhoto[] {
  const cols = `SELECT id, path, width, height FROM photos WHERE status = 'done' AND width IS NOT NULL`;
  if (hash) {
    const byHash = db.prepare(`${cols} AND hash = ? ORDER BY id`).all(hash) as CandidatePhoto[];
    if (byHash.length) return byHash;
  }
  return db.prepare(`${cols} AND path = ?`).all(path) as CandidatePhoto[];
}

export interface FaceSlot {
  readonly id: number;
  readonly box: Box;
  readonly personId: number | null;
  readonly assignedBy: 'user' | 'machine' | null;
  /** True when the face's person has no name (a cluster, or a person the user has not named yet). */
  readonly personUnnamed: boolean;
  readonly rejected: boolean;
}

export function faceSlotsOfPhoto(db: Database, photoId: number): FaceSlot[] {
  const rows = db
    .prepare(
      `SELECT f.id, x, y, w, h, person_id, assigned_by, rejected, p.id IS NOT NULL AND p.name IS NULL AS unnamed
       FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE photo_id = ? ORDER BY f.id`,
    )
    .all(photoId) as {
    id: number;
    x: number;
    y: number;
    w: number;
    h: number;
    person_id: number | null;
    assigned_by: 'user' | 'machine' | null;
    rejected: number;
    unnamed: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    box: { x: r.x, y: r.y, w: r.w, h: r.h },
    personId: r.person_id,
    assignedBy: r.assigned_by,
    personUnnamed: r.unnamed === 1,
    rejected: r.rejected === 1,
  }));
}

export function setUserLabel(db: Database, faceId: number, personId: number): void {
  db.prepare(`UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?`).run(personId, faceId);
}

/** Rejected faces leave any machine guess; a user's own label stays (the user may have rejected and named it). */
export function setRejected(db: Database, faceId: number): void {
  db.prepare(
    `UPDATE faces SET rejected = 1,
       person_id = CASE WHEN assigned_by = 'user' THEN person_id END,
       assigned_by = CASE WHEN assigned_by = 'user' THEN 'user' END
     WHERE id = ?`,
  ).run(faceId);
}

export function addNotPerson(db: Database, faceId: number, personId: number): boolean {
  return (
    db.prepare('INSERT OR IGNORE INTO not_person (face_id, person_id) VALUES (?, ?)').run(faceId, personId).changes > 0
  );
}

/** A machine guess that a "not this person" label contradicts is taken back. */
export function dropContradictedGuess(db: Database, faceId: number, personId: number): void {
  db.prepare(
    `UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ? AND person_id = ? AND assigned_by = 'machine'`,
  ).run(faceId, personId);
}
