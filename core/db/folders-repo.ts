import type { Database } from 'better-sqlite3';

export interface FolderRow {
  readonly id: number;
  readonly path: string;
  readonly addedAt: number;
}

interface RawFolder {
  id: number;
  path: string;
  added_at: number;
}

const toFolder = (r: RawFolder): FolderRow => ({ id: r.id, path: r.path, addedAt: r.added_at });

/** Adds a library folder (absolute path) if it is not there yet and returns its row. */
export function addFolder(db: Database, absPath: string, now = Date.now()): FolderRow {
  db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(absPath, now);
  return toFolder(db.prepare('SELECT id, path, added_at FROM folders WHERE path = ?').get(absPath) as RawFolder);
}

export function listFolders(db: Database): FolderRow[] {
  return (db.prepare('SELECT id, path, added_at FROM folders ORDER BY path').all() as RawFolder[]).map(toFolder);
}

export function getFolderByPath(db: Database, absPath: string): FolderRow | undefined {
  const r = db.prepare('SELECT id, path, added_at FROM folders WHERE path = ?').get(absPath) as RawFolder | undefined;
  return r && toFolder(r);
}
