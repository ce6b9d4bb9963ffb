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

/** A folder with its photos by state and its faces (rejected faces left out). */
export interface FolderCounts extends FolderRow {
  readonly photos: number;
  readonly done: number;
  readonly pending: number;
  readonly errors: number;
  readonly faces: number;
}

export function listFolderCounts(db: Database): FolderCounts[] {
  return db
    .prepare(
      `SELECT fo.id, fo.path, fo.added_at AS addedAt,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id) AS photos,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id AND p.status = 'done') AS done,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id AND p.status = 'pending') AS pending,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id AND p.status = 'error') AS errors,
         (SELECT count(*) FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.folder_id = fo.id AND f.rejected = 0)
           AS faces
       FROM folders fo ORDER BY fo.path`,
    )
    .all() as FolderCounts[];
}

/**
 * Forgets a library folder: its photos and their faces go with it (ON DELETE CASCADE); files on disk are never
 * touched. People left without faces disappear from the views (they keep their row, so undo of a name survives).
 */
export function removeFolder(db: Database, folderId: number): boolean {
  return db.prepare('DELETE FROM folders WHERE id = ?').run(folderId).changes > 0;
}
