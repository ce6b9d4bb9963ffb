import type { Migration } from './index';

/**
 * The people module's undo log: each user operation on people stores the rows it touched as they were
 * before (and after, for redo), as JSON, so an undo restores them exactly. Entries with undone = 1 are the
 * redo stack; a new operation clears them.
 */
export const m002PeopleUndo: Migration = {
  version: 2,
  name: 'people undo log',
  up(db) {
    db.exec(`
      CREATE TABLE people_undo (
        id          INTEGER PRIMARY KEY,
        created_at  INTEGER NOT NULL,
        label       TEXT NOT NULL,
        before      TEXT NOT NULL,
        after       TEXT NOT NULL,
        undone      INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX faces_person_assigned ON faces(person_id, assigned_by);
    `);
  },
};
