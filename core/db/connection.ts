import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseTooNewError, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { backupBeforeMigration } from '../safety/backup';
import { acquireWriterLock } from '../safety/writer-lock';
import { assertIntact, DamagedDatabaseError, isDamageError } from '../safety/integrity';

export type { Database };

export interface OpenOptions {
  /**
   * For commands that only read: no journal-mode switch, no migration, no lock, and SQLite refuses every write.
   * They run while a writer holds the library and leave its bytes (and its -wal) as they were.
   */
  readonly readonly?: boolean;
  /** Called before an existing database is migrated (used to take a backup). */
  readonly beforeMigrate?: (from: number, to: number) => void;
}

/** Opens (creating if needed) a Facet library database: WAL, foreign keys on, schema migrated. */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (options.readonly) return openReadOnly(file);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  const onDisk = file !== ':memory:' && file !== '';
  try {
    db.pragma('busy_timeout = 5000');
    // A library from a newer Facet is refused before anything touches it (not even its journal mode), and by
    // readers too: what this version would export or write from it could be wrong.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new DatabaseTooNewError(version, MIGRATIONS.length);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // A damaged library is reported with the way out (restore), before anything writes to it.
    if (onDisk) assertIntact(db, path.resolve(file));
    const beforeMigrate = options.beforeMigrate ?? (onDisk ? backupBeforeMigration(file) : undefined);
    if (!options.readonly) migrate(db, beforeMigrate);
  } catch (err) {
    db.close();
    if (isDamageError(err)) throw new DamagedDatabaseError(path.resolve(file), [(err as Error).message]);
    throw err;
  }
  return db;
}

/**
 * A read-only opening. A missing library reads as an empty one (in memory: nothing is created on disk). A library
 * from a newer Facet is refused with the same message as for writers (what this version would read from it could
 * be wrong). A library from an older Facet is first upgraded once, as any writer would (under the writer lock,
 * backup first): a reader cannot read the old schema, and refusing `status` on an old library helps no one.
 */
function openReadOnly(file: string): Database {
  if (file === ':memory:' || file === '' || !fs.existsSync(file)) return openDatabase(':memory:');
  // Checked in the file header first: opening a WAL library, even read-only, creates its -wal and -shm files.
  const stored = headerUserVersion(file);
  if (stored !== null && stored > MIGRATIONS.length) throw new DatabaseTooNewError(stored, MIGRATIONS.length);
  let db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new DatabaseTooNewError(version, MIGRATIONS.length);
    if (version < MIGRATIONS.length) {
      db.close();
      upgradeOnce(file);
      db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
    }
    db.pragma('foreign_keys = ON');
    assertIntact(db, path.resolve(file));
  } catch (err) {
    if (db.open) db.close();
    if (isDamageError(err)) throw new DamagedDatabaseError(path.resolve(file), [(err as Error).message]);
    throw err;
  }
  return db;
}

function upgradeOnce(file: string): void {
  const lock = acquireWriterLock(file, 'upgrade the library for a reader', { waitMs: 5000 });
  try {
    openDatabase(file).close();
  } finally {
    lock.release();
  }
}

/** PRAGMA user_version as the main file's header stores it (offset 60, big-endian), or null if not a database. */
function headerUserVersion(file: string): number | null {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
  } finally {
    fs.closeSync(fd);
  }
  return header.toString('latin1', 0, 16) === 'SQLite format 3\0' ? header.readUInt32BE(60) : null;
}
