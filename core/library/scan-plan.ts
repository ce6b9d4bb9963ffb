/**
 * Change detection: compares a folder's walk with what the database knows (path + size + mtime) and decides
 * what the scan must do. Unchanged photos cost nothing (no read, no decode, no inference). New files are
 * recorded as pending right away (so a killed scan resumes them), changed ones are marked pending, and files
 * in formats this build cannot decode are recorded with their error.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  getPhotoByPath,
  insertErrorPhoto,
  insertPendingPhoto,
  markPhotoChanged,
  markPhotoError,
  photoIndexOfFolder,
} from '../db/photos-repo';
import { ANALYSIS_FAILED } from './photo-analysis';
import type { WalkResult, WalkedFile } from './walk';

/** A photo that needs analysis (new, changed, or left pending by an interrupted scan). */
export interface WorkItem {
  readonly photoId: number;
  readonly folderId: number;
  readonly file: WalkedFile;
  /** True for a file the database did not know: it may be a known photo that was moved or renamed. */
  readonly isNew: boolean;
}

export interface FolderPlan {
  readonly work: WorkItem[];
  readonly unchanged: number;
  readonly unsupported: number;
  /** Photos of this folder that the walk did not find (ids and paths); empty when the walk was incomplete. */
  readonly missing: { id: number; path: string }[];
}

export function unsupportedMessage(format: string): string {
  return `unsupported: ${format} photos cannot be decoded by this build of Facet; convert them to JPEG to include them`;
}

export function planFolder(db: Database, folderId: number, walk: WalkResult): FolderPlan {
  const known = photoIndexOfFolder(db, folderId);
  const seen = new Set<string>();
  const work: WorkItem[] = [];
  let unchanged = 0;
  let unsupported = 0;
  db.transaction(() => {
    for (const file of walk.files) {
      seen.add(file.path);
      const row = known.get(file.path) ?? getPhotoByPath(db, file.path); // nested folders: row may be another's
      const same = row && row.size === file.size && row.mtime === file.mtime;
      if (file.unsupported) {
        unsupported++;
        const error = unsupportedMessage(file.unsupported);
        if (!row) insertErrorPhoto(db, { folderId, path: file.path, size: file.size, mtime: file.mtime, error });
        else if (!same) markPhotoError(db, row.id, { size: file.size, mtime: file.mtime, hash: null, error });
        continue;
      }
      // Finished photos are skipped, except those the analyzer (not the file) failed on.
      const retry = row?.status === 'error' && row.error?.startsWith(ANALYSIS_FAILED);
      if (row && same && row.status !== 'pending' && !retry) {
        unchanged++;
        continue;
      }
      if (row) {
        if (!same) markPhotoChanged(db, row.id, file.size, file.mtime);
        work.push({ photoId: row.id, folderId, file, isNew: false });
      } else {
        const id = insertPendingPhoto(db, { folderId, path: file.path, size: file.size, mtime: file.mtime });
        work.push({ photoId: id, folderId, file, isNew: true });
      }
    }
  })();
  const missing: { id: number; path: string }[] = [];
  if (walk.complete) {
    const shadowed = walk.unreadable.map((u) => u.path + path.sep);
    for (const [p, r] of known)
      if (!seen.has(p) && !shadowed.some((dir) => p.startsWith(dir))) missing.push({ id: r.id, path: p });
  }
  return { work, unchanged, unsupported, missing };
}
