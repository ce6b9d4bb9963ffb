/**
 * The persisted undo/redo stack of user operations on people. An operation declares its scope (the faces and
 * people it may touch); the log stores those rows as they were before and after, and undo/redo write them
 * back exactly. Redo entries (undone = 1) are dropped as soon as a new operation is recorded.
 */
import type { Database } from 'better-sqlite3';

interface PersonImage {
  id: number;
  name: string | null;
  cover_face_id: number | null;
  hidden: number;
  created_at: number;
}
interface FaceImage {
  id: number;
  person_id: number | null;
  assigned_by: 'user' | 'machine' | null;
  rejected: number;
}
interface Snapshot {
  faceIds: number[];
  personIds: number[];
  /** Scoped people that exist (absent ids did not exist). */
  people: PersonImage[];
  faces: FaceImage[];
  /** not_person rows whose face or person is in scope. */
  notPerson: [number, number][];
}

export interface Scope {
  readonly faceIds: readonly number[];
  readonly personIds: readonly number[];
}

const MAX_ENTRIES = 500;

function capture(db: Database, scope: Scope): Snapshot {
  const faceIds = [...new Set(scope.faceIds)];
  const personIds = [...new Set(scope.personIds)];
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

function restore(db: Database, s: Snapshot): void {
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

/**
 * Runs `op` in one transaction and records it as one undo step. `op` returns the ids of people it created,
 * which join the scope (absent before, present after).
 */
export function recordOperation<T extends { createdPersonIds?: readonly number[] }>(
  db: Database,
  label: string,
  scope: Scope,
  op: () => T,
): T {
  return db.transaction(() => {
    const before = capture(db, scope);
    const result = op();
    const created = result.createdPersonIds ?? [];
    const full = { faceIds: scope.faceIds, personIds: [...scope.personIds, ...created] };
    before.personIds = [...new Set(full.personIds)];
    const after = capture(db, full);
    db.prepare('DELETE FROM people_undo WHERE undone = 1').run();
    db.prepare('INSERT INTO people_undo (created_at, label, before, after) VALUES (?, ?, ?, ?)').run(
      Date.now(),
      label,
      JSON.stringify(before),
      JSON.stringify(after),
    );
    db.prepare(
      'DELETE FROM people_undo WHERE id <= (SELECT id FROM people_undo ORDER BY id DESC LIMIT 1 OFFSET ?)',
    ).run(MAX_ENTRIES);
    return result;
  })();
}

/** Undoes the latest operation not yet undone; returns its label, or null when there is nothing to undo. */
export function undo(db: Database): string | null {
  return db.transaction(() => {
    const row = db
      .prepare('SELECT id, label, before FROM people_undo WHERE undone = 0 ORDER BY id DESC LIMIT 1')
      .get() as { id: number; label: string; before: string } | undefined;
    if (!row) return null;
    restore(db, JSON.parse(row.before) as Snapshot);
    db.prepare('UPDATE people_undo SET undone = 1 WHERE id = ?').run(row.id);
    return row.label;
  })();
}

/**
 * Undoes operation `id` and every later one still in effect, latest first (a later step may build on it, e.g. a
 * rename of the person a split made): the labels undone, latest first; empty when `id` is undone or unknown.
 */
export function undoThrough(db: Database, id: number): string[] {
  return db.transaction(() => {
    const target = db.prepare('SELECT 1 FROM people_undo WHERE id = ? AND undone = 0').get(id);
    if (!target) return [];
    const labels: string[] = [];
    for (;;) {
      const top = db.prepare('SELECT id FROM people_undo WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as
        { id: number } | undefined;
      if (!top || top.id < id) break;
      labels.push(undo(db)!);
    }
    return labels;
  })();
}

/** Redoes the earliest undone operation; returns its label, or null when there is nothing to redo. */
export function redo(db: Database): string | null {
  return db.transaction(() => {
    const row = db
      .prepare('SELECT id, label, after FROM people_undo WHERE undone = 1 ORDER BY id ASC LIMIT 1')
      .get() as { id: number; label: string; after: string } | undefined;
    if (!row) return null;
    restore(db, JSON.parse(row.after) as Snapshot);
    db.prepare('UPDATE people_undo SET undone = 0 WHERE id = ?').run(row.id);
    return row.label;
  })();
}

/** Labels of the steps that undo and redo would apply next (for the UI's menu). */
export function undoState(db: Database): { undo: string | null; undoId: number | null; redo: string | null } {
  const u = db.prepare('SELECT id, label FROM people_undo WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as
    { id: number; label: string } | undefined;
  const r = db.prepare('SELECT label FROM people_undo WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as
    { label: string } | undefined;
  return { undo: u?.label ?? null, undoId: u?.id ?? null, redo: r?.label ?? null };
}
