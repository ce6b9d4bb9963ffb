/**
 * Change detection: compares a folder's walk with what the database knows (path + size + mtime) and decides
 * what the scan must do. Unchanged photos cost nothing (no read, no decode, no inference). New files are
 * recorded as pending right away (so a killed scan resumes them), changed ones are marked pending, and files
 * in formats this build cannot decode are recorded with their error.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  clearPhotoMissing,
  insertErrorPhoto,
  insertPendingPhoto,
  markPhotoChanged,
  markPhotoError,
  photoIndexEntryByPath,
  photoIndexOfFolder,
  setQuickHash,
  type PhotoIndexEntry,
} from '../db/photos-repo';
import { quickHash } from './content-hash';
import { ANALYSIS_FAILED, UNREADABLE } from './photo-analysis';
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

/**
 * A finished photo is analysed again when the analyzer (not the file) failed, when the file could not be read
 * (a drive unplugged mid-scan), and whenever its content hash is unknown: without it a move is not recognised.
 */
function needsAnotherTry(row: PhotoIndexEntry): boolean {
  if (row.status === 'pending' || row.hash === null) return true;
  return (
    row.status === 'error' && (row.error?.startsWith(ANALYSIS_FAILED) || row.error?.startsWith(UNREADABLE)) === true
  );
}

const QUICK_HASH_PARALLEL = 8;

/**
 * Quick hashes (content-hash.ts) of the files that look unchanged by size and mtime; null for a file that could
 * not be read (it will be analysed, and fail with the reason).
 */
async function quickHashesOfLookalikes(
  files: readonly WalkedFile[],
  rowOf: (file: WalkedFile) => PhotoIndexEntry | undefined,
): Promise<Map<string, string | null>> {
  const todo = files.filter((f) => {
    const row = rowOf(f);
    return !f.unsupported && row && row.size === f.size && row.mtime === f.mtime && !needsAnotherTry(row);
  });
  const out = new Map<string, string | null>();
  for (let i = 0; i < todo.length; i += QUICK_HASH_PARALLEL)
    await Promise.all(
      todo.slice(i, i + QUICK_HASH_PARALLEL).map(async (f) => {
        out.set(f.path, await quickHash(f.path).catch(() => null));
      }),
    );
  return out;
}

export async function planFolder(db: Database, folderId: number, walk: WalkResult): Promise<FolderPlan> {
  const known = photoIndexOfFolder(db, folderId);
  // Nested folders: the row of a path may belong to another folder.
  const rowOf = (file: WalkedFile) => known.get(file.path) ?? photoIndexEntryByPath(db, file.path);
  const quick = await quickHashesOfLookalikes(walk.files, rowOf);
  const seen = new Set<string>();
  const work: WorkItem[] = [];
  let unchanged = 0;
  let unsupported = 0;
  db.transaction(() => {
    for (const file of walk.files) {
      seen.add(file.path);
      const row = rowOf(file);
      if (row?.missingSince != null) clearPhotoMissing(db, row.id); // back where it was
      let same = row !== undefined && row.size === file.size && row.mtime === file.mtime;
      if (file.unsupported) {
        unsupported++;
        const error = unsupportedMessage(file.unsupported);
        if (!row) insertErrorPhoto(db, { folderId, path: file.path, size: file.size, mtime: file.mtime, error });
        else if (!same) markPhotoError(db, row.id, { size: file.size, mtime: file.mtime, hash: null, error });
        continue;
      }
      if (row && same && !needsAnotherTry(row)) {
        // Same name, size and mtime: still the same photo if its first and last 64 KiB are.
        const q = quick.get(file.path) ?? null;
        if (q !== null && row.quickHash === null) setQuickHash(db, row.id, q); // a library from before quick hashes
        if (q !== null && (row.quickHash === null || row.quickHash === q)) {
          unchanged++;
          continue;
        }
        same = false;
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
