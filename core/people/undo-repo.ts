/**
 * SQL of the people undo log: the `people_undo` stack, and the rows of people, faces and not_person marks an
 * operation's scope covers, read as a snapshot and written back exactly. The rules (what a step is, what undo and
 * redo do) are in ./undo-log.
 */
import type { Database } from 'better-sqlite3';

export interface PersonImage {
  id: number;
  name: string | null;
  cover_face_id: number | null;
  hidden: number;
  created_at: number;
}
export interface FaceImage {
  id: number;
  person_id: number | null;
  assigned_by: 'user' | 'machine' | null;
  rejected: number;
}
export interface Snapshot {
  faceIds: number[];
  personIds: number[];
  /** Scoped people that exist (absent ids did not exist). */
  people: PersonImage[];
  faces: FaceImage[];
  /** not_person rows whose face or person is in scope. */
  notPerson: [number, number][];
}

/** The rows of these faces and people, and the not_person marks of either, as they are now. */
export function readSnapshot(db: Database, faceIds: number[], personIds: number[]): Snapshot {
  const f = JSON.stringify(faceIds);
  const p = JSON.stringify(personIds);
  return {
    faceIds,
    personIds,
    people: db
      .prepare(
        'SELECT id, name, cover_face_id, hidden, created_at FROM people WHERE id IN (SELECT value FROM json_each(?))',
      )
      .all(p) as PersonImage[],
    faces: db
      .prepare('SELECT id, person_id, assigned_by, rejected FROM faces WHERE id IN (SELECT value FROM json_each(?))')
      .all(f) as FaceImage[],
    notPerson: (
      db
        .prepare(
          `SELECT face_id, person_id FROM not_person WHERE face_id IN (SELECT value FROM json_each(?))
             OR person_id IN (SELECT value FROM json_each(?))`,
        )
        .all(f, p) as { face_id: number; person_id: number }[]
    ).map((r) => [r.face_id, r.person_id]),
  };
}

/** Writes a snapshot back: its people, faces and marks as they were, and its people absent then deleted. */
export function writeSnapshot(db: Database, s: Snapshot): void {
  const upsert = db.prepare(
    `INSERT INTO people (id, name, cover_face_id, hidden, created_at) VALUES (@id, @name, @cover_face_id, @hidden, @created_at)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, cover_face_id = excluded.cover_face_id,
       hidden = excluded.hidden, created_at = excluded.created_at`,
  );
  for (const p of s.people) upsert.run(p);
  const personExists = db.prepare('SELECT 1 FROM people WHERE id = ?');
  const setFace = db.prepare('UPDATE faces SET person_id = ?, assigned_by = ?, rejected = ? WHERE id = ?');
  for (const f of s.faces) {
    // a person deleted since by something outside this scope cannot be pointed at again
    const ok = f.person_id === null || personExists.get(f.person_id);
    setFace.run(ok ? f.person_id : null, ok ? f.assigned_by : null, f.rejected, f.id);
  }
  db.prepare(
    `DELETE FROM not_person WHERE face_id IN (SELECT value FROM json_each(?)) OR person_id IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(s.faceIds), JSON.stringify(s.personIds));
  const addMark = db.prepare(
    `INSERT OR IGNORE INTO not_person (face_id, person_id)
       SELECT @f, @p WHERE EXISTS (SELECT 1 FROM faces WHERE id = @f) AND EXISTS (SELECT 1 FROM people WHERE id = @p)`,
  );
  for (const [face, person] of s.notPerson) addMark.run({ f: face, p: person });
  const present = new Set(s.people.map((p) => p.id));
  // A face a later step filed under a person this step created (outside its scope) goes back to Unsorted whole:
  // the foreign key alone would null person_id and leave assigned_by, which the faces table's CHECK refuses.
  const release = db.prepare('UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE person_id = ?');
  const del = db.prepare('DELETE FROM people WHERE id = ?');
  for (const id of s.personIds)
    if (!present.has(id)) {
      release.run(id);
      del.run(id);
    }
}

export interface UndoEntry {
  readonly id: number;
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

/** Drops the redo entries, appends a step, and keeps the newest `max`. */
export function pushUndoEntry(db: Database, label: string, before: string, after: string, max: number): void {
  db.prepare('DELETE FROM people_undo WHERE undone = 1').run();
  db.prepare('INSERT INTO people_undo (created_at, label, before, after) VALUES (?, ?, ?, ?)').run(
    Date.now(),
    label,
    before,
    after,
  );
  db.prepare('DELETE FROM people_undo WHERE id <= (SELECT id FROM people_undo ORDER BY id DESC LIMIT 1 OFFSET ?)').run(
    max,
  );
}

/** The latest step still in effect. */
export function latestDone(db: Database): UndoEntry | undefined {
  return db
    .prepare('SELECT id, label, before, after FROM people_undo WHERE undone = 0 ORDER BY id DESC LIMIT 1')
    .get() as UndoEntry | undefined;
}

/** The earliest undone step. */
export function earliestUndone(db: Database): UndoEntry | undefined {
  return db
    .prepare('SELECT id, label, before, after FROM people_undo WHERE undone = 1 ORDER BY id ASC LIMIT 1')
    .get() as UndoEntry | undefined;
}

export function isInEffect(db: Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM people_undo WHERE id = ? AND undone = 0').get(id) !== undefined;
}

export function setUndone(db: Database, id: number, undone: boolean): void {
  db.prepare('UPDATE people_undo SET undone = ? WHERE id = ?').run(undone ? 1 : 0, id);
}
