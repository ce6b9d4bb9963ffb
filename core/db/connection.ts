import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseTooNewError, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { backupBeforeMigration } from '../safety/backup';
import { assertIntact, DamagedDatabaseError, isDamageError } from '../safety/integrity';

export type { Database };

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Called before an existing database is migrated (used to take a backup). */
  readonly beforeMigrate?: (from: number, to: number) => void;
}

/** Opens (creating if needed) a Facet library database: WAL, foreign keys on, schema migrated. */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
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
