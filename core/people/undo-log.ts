/**
 * The persisted undo/redo stack of user operations on people. An operation declares its scope (the faces and
 * people it may touch); the log stores those rows as they were before and after, and undo/redo write them
 * back exactly. Redo entries (undone = 1) are dropped as soon as a new operation is recorded.
 */
import type { Database } from 'better-sqlite3';
import {
  earliestUndone,
  isInEffect,
  latestDone,
  pushUndoEntry,
  readSnapshot,
  setUndone,
  writeSnapshot,
  type Snapshot,
} from './undo-repo';

export interface Scope {
  readonly faceIds: readonly number[];
  readonly personIds: readonly number[];
}

const MAX_ENTRIES = 500;

function capture(db: Database, scope: Scope): Snapshot {
  return readSnapshot(db, [...new Set(scope.faceIds)], [...new Set(scope.personIds)]);
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
    pushUndoEntry(db, label, JSON.stringify(before), JSON.stringify(after), MAX_ENTRIES);
    return result;
  })();
}

/** Undoes the latest operation not yet undone; returns its label, or null when there is nothing to undo. */
export function undo(db: Database): string | null {
  return db.transaction(() => {
    const row = latestDone(db);
    if (!row) return null;
    writeSnapshot(db, JSON.parse(row.before) as Snapshot);
    setUndone(db, row.id, true);
    return row.label;
  })();
}

/**
 * Undoes operation `id` and every later one still in effect, latest first (a later step may build on it, e.g. a
 * rename of the person a split made): the labels undone, latest first; empty when `id` is undone or unknown.
 */
export function undoThrough(db: Database, id: number): string[] {
  return db.transaction(() => {
    if (!isInEffect(db, id)) return [];
    const labels: string[] = [];
    for (;;) {
      const top = latestDone(db);
      if (!top || top.id < id) break;
      labels.push(undo(db)!);
    }
    return labels;
  })();
}

/** Redoes the earliest undone operation; returns its label, or null when there is nothing to redo. */
export function redo(db: Database): string | null {
  return db.transaction(() => {
    const row = earliestUndone(db);
    if (!row) return null;
    writeSnapshot(db, JSON.parse(row.after) as Snapshot);
    setUndone(db, row.id, false);
    return row.label;
  })();
}

/** Labels of the steps that undo and redo would apply next (for the UI's menu). */
export function undoState(db: Database): { undo: string | null; undoId: number | null; redo: string | null } {
  const u = latestDone(db);
  const r = earliestUndone(db);
  return { undo: u?.label ?? null, undoId: u?.id ?? null, redo: r?.label ?? null };
}
