import type { Database } from 'better-sqlite3';

/**
 * Forgets a library folder: its photos and their faces go with it (ON DELETE CASCADE); files on disk are never
 * touched. People left without faces disappear from the views (they keep their row, so undo of a name survives).
 */
export function removeFolder(db: Database, folderId: number): boolean {
  return db.prepare('DELETE FROM folders WHERE id = ?').run(folderId).changes > 0;
}
