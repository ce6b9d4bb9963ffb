import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import { MIGRATIONS } from './migrations';
import { backupFile, listBackups, newBackupFile } from '../safety/backup';
import { checkIntegrity, isDamageError } from '../safety/integrity';
import { acquireWriterLock, isLibraryInUse, LibraryBusyError, readHolder } from '../safety/writer-lock';

export interface RestoreResult {
  readonly restoredFrom: string;
  /** Where the library as it was before the restore was kept (null when there was none). */
  readonly previousKeptAt: string | null;
}

/** Checks that a file is a whole Facet library this Facet can open; throws a message a user can act on. */
export function validateBackup(file: string): void {
  if (!fs.existsSync(file)) throw new Error(`backup ${file} does not exist`);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const report = checkIntegrity(db);
    if (!report.ok) throw new Error(`backup ${file} is damaged too (${report.problems[0]}); pick an older one`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new Error(`backup ${file} was written by a newer Facet (schema ${version}); update Facet to restore it`);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    if (!tables.includes('photos') || !tables.includes('faces'))
      throw new Error(`${file} is not a Facet library backup (no photos/faces tables)`);
  } catch (err) {
    if (isDamageError(err))
      throw new Error(`backup ${file} is not a readable database; pick another one`, { cause: err });
    throw err;
  } finally {
    db?.close();
  }
}

// Keeps the library being replaced: a clean snapshot when it is readable, else its raw bytes (and WAL) as evidence.
function keepPrevious(dbFile: string): string | null {
  if (!fs.existsSync(dbFile)) return null;
  try {
    const probe = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const ok = checkIntegrity(probe).ok;
    probe.close();
    if (ok) return backupFile(dbFile, 'before-restore', Number.MAX_SAFE_INTEGER);
  } catch (err) {
    if (!isDamageError(err)) throw err;
  }
  const dest = newBackupFile(dbFile, 'damaged');
  fs.copyFileSync(dbFile, dest);
  if (fs.existsSync(dbFile + '-wal')) fs.copyFileSync(dbFile + '-wal', dest + '-wal');
  return dest;
}

function copyDurably(src: string, dest: string): void {
  fs.copyFileSync(src, dest);
  const fd = fs.openSync(dest, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces the library with a backup. Refused while any other Facet has the library open. The library being
 * replaced is kept in the backups folder first, so a restore can itself be undone.
 */
export function restoreBackup(dbFile: string, backup: string): RestoreResult {
  validateBackup(backup);
  const lock = acquireWriterLock(dbFile, 'restore');
  try {
    if (isLibraryInUse(dbFile)) throw new LibraryBusyError(dbFile, readHolder(dbFile), 'restore');
    // Copy first: keeping the previous library rotates backups and could otherwise delete the chosen one.
    const staged = dbFile + '.restoring';
    copyDurably(backup, staged);
    const previousKeptAt = keepPrevious(dbFile);
    // A WAL left beside the new file would be replayed onto it: remove it with the file it belongs to.
    for (const f of [dbFile + '-wal', dbFile + '-shm', dbFile + '-journal']) fs.rmSync(f, { force: true });
    fs.renameSync(staged, dbFile);
    return { restoredFrom: backup, previousKeptAt };
  } finally {
    lock.release();
  }
}

/**
 * The newest backup that passes validation, or null. Skips the copies restore itself keeps (the library it
 * replaced, damaged evidence) so that `--latest` twice does not undo the first restore.
 */
export function latestGoodBackup(dbFile: string): string | null {
  for (const b of listBackups(dbFile)) {
    if (b.reason.startsWith('before-restore') || b.reason.startsWith('damaged')) continue;
    try {
      validateBackup(b.file);
      return b.file;
    } catch {
      // try the next older one
    }
  }
  return null;
}
