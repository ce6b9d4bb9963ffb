import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** How many backups are kept per library, oldest deleted first (each is a full copy: ~800 MiB at 200k faces). */
export const DEFAULT_BACKUP_KEEP = 5;

export interface BackupInfo {
  readonly file: string;
  readonly reason: string;
  readonly createdAt: Date;
  readonly size: number;
}

/** `<dbdir>/backups/`: next to the library so that a moved or copied library keeps its backups. */
export function backupDir(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

const SAFE_REASON = /[^a-z0-9-]+/g;
// library-20261129T033000123Z-before-migrate-1-2.db: sortable by name, reason readable in a listing.
const BACKUP_NAME = /^(.+)-(\d{8}T\d{9}Z)-([a-z0-9-]+)\.db$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  if (!m) return new Date(NaN);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]));
}

/** A fresh, unused file name in the library's backup folder. */
export function newBackupFile(dbFile: string, reason: string): string {
  const dir = backupDir(dbFile);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(dbFile, path.extname(dbFile));
  const tag = reason.toLowerCase().replace(SAFE_REASON, '-').replace(/^-|-$/g, '') || 'manual';
  let file = path.join(dir, `${base}-${stamp(new Date())}-${tag}.db`);
  // Two backups in the same millisecond (tests, scripted use) must not overwrite each other.
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${base}-${stamp(new Date())}-${tag}-${i}.db`);
  return file;
}

/** The library's backups, newest first. */
export function listBackups(dbFile: string): BackupInfo[] {
  const dir = backupDir(dbFile);
  if (!fs.existsSync(dir)) return [];
  const base = path.basename(dbFile, path.extname(dbFile));
  const out: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = BACKUP_NAME.exec(name);
    if (!m || m[1] !== base) continue;
    const file = path.join(dir, name);
    out.push({ file, reason: m[3], createdAt: parseStamp(m[2]), size: fs.statSync(file).size });
  }
  return out.sort((a, b) => b.file.localeCompare(a.file));
}

/** Deletes all but the newest `keep` backups of the library. */
export function rotateBackups(dbFile: string, keep = DEFAULT_BACKUP_KEEP): string[] {
  const removed = listBackups(dbFile).slice(Math.max(1, keep));
  for (const b of removed) for (const f of [b.file, b.file + '-wal']) fs.rmSync(f, { force: true });
  return removed.map((b) => b.file);
}

// VACUUM INTO writes a consistent, compact snapshot synchronously, so it fits hooks that cannot await.
// It is written under a temporary name and renamed, so a crash never leaves a half backup that looks whole.
function snapshotInto(db: Database, dest: string): void {
  const tmp = dest + '.partial';
  fs.rmSync(tmp, { force: true });
  db.prepare('VACUUM INTO ?').run(tmp);
  fs.renameSync(tmp, dest);
}

/**
 * Takes a backup of an open library before a risky step (a forced re-cluster, a model activation) and rotates.
 * Synchronous; must be called outside a transaction. Returns the backup file, or null for an in-memory database.
 */
export function backupBefore(db: Database, reason: string, keep = DEFAULT_BACKUP_KEEP): string | null {
  if (db.memory || !db.name) return null;
  if (db.inTransaction)
    throw new Error(`backupBefore(${reason}) must run before the transaction starts, not inside it`);
  const dest = newBackupFile(db.name, `before-${reason}`);
  snapshotInto(db, dest);
  rotateBackups(db.name, keep);
  return dest;
}

/** Backs up a library file that is not open here (the migration hook: the migrating connection is mid-open). */
export function backupFile(dbFile: string, reason: string, keep = DEFAULT_BACKUP_KEEP): string {
  const src = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  try {
    const dest = newBackupFile(dbFile, reason);
    snapshotInto(src, dest);
    rotateBackups(dbFile, keep);
    return dest;
  } finally {
    src.close();
  }
}

/** `facet backup`: SQLite's online backup API, which lets other connections keep writing while it copies. */
export async function backupNow(db: Database, reason = 'manual', keep = DEFAULT_BACKUP_KEEP): Promise<string> {
  if (db.memory || !db.name) throw new Error('an in-memory database cannot be backed up to a file');
  const dest = newBackupFile(db.name, reason);
  const tmp = dest + '.partial';
  await db.backup(tmp);
  fs.renameSync(tmp, dest);
  rotateBackups(db.name, keep);
  return dest;
}

/** The `beforeMigrate` hook for openDatabase: a backup of the library as it was, before the schema moves on. */
export function backupBeforeMigration(dbFile: string): (from: number, to: number) => void {
  return (from, to) => {
    backupFile(dbFile, `before-migrate-${from}-to-${to}`);
  };
}
