import BetterSqlite3, { type Database } from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDamageError } from './integrity';

/**
 * One writer per library. The lock is an open EXCLUSIVE transaction on a small SQLite file next to the library:
 * the operating system drops it when the holder exits or is killed (kill -9, power cut), so there is never a stale
 * lock to clean up and no pid-reuse race. A JSON file beside it only says who holds it, for the error message.
 */
export interface WriterLock {
  readonly dbFile: string;
  readonly purpose: string;
  release(): void;
}

export interface HolderInfo {
  readonly pid: number;
  readonly host: string;
  readonly purpose: string;
  readonly since: string;
}

export class LibraryBusyError extends Error {
  constructor(
    readonly dbFile: string,
    readonly holder: HolderInfo | null,
    readonly wanted: string,
  ) {
    const who = holder
      ? `Facet process ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.since})`
      : 'another Facet process';
    super(`cannot ${wanted}: the library ${dbFile} is busy; ${who} is writing to it. Try again when it has finished.`);
    this.name = 'LibraryBusyError';
  }
}

export function lockFile(dbFile: string): string {
  return path.resolve(dbFile) + '.writer-lock';
}

function infoFile(dbFile: string): string {
  return lockFile(dbFile) + '.json';
}

export function readHolder(dbFile: string): HolderInfo | null {
  try {
    return JSON.parse(fs.readFileSync(infoFile(dbFile), 'utf8')) as HolderInfo;
  } catch {
    return null;
  }
}

interface Held {
  conn: Database;
  count: number;
  purpose: string;
}

// Re-entrant inside one process: the app's worker may run a scan while a command it serves holds the lock.
const held = new Map<string, Held>();

export interface AcquireOptions {
  /** Wait up to this long for the other writer to finish (serialise) instead of refusing at once. */
  readonly waitMs?: number;
}

function openLock(key: string, waitMs: number, purpose: string, retried = false): Database {
  const conn = new BetterSqlite3(lockFile(key));
  try {
    conn.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    conn.exec('BEGIN EXCLUSIVE');
    return conn;
  } catch (err) {
    conn.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new LibraryBusyError(key, readHolder(key), purpose);
    // The lock file holds no data: if something clobbered it, a fresh one is as good.
    if (isDamageError(err) && !retried) {
      fs.rmSync(lockFile(key), { force: true });
      return openLock(key, waitMs, purpose, true);
    }
    throw err;
  }
}

/** Takes the library's writer lock or throws LibraryBusyError (after `waitMs`, if given). */
export function acquireWriterLock(dbFile: string, purpose: string, options: AcquireOptions = {}): WriterLock {
  const key = path.resolve(dbFile);
  let entry = held.get(key);
  if (!entry) {
    fs.mkdirSync(path.dirname(key), { recursive: true });
    const conn = openLock(key, options.waitMs ?? 0, purpose);
    const info: HolderInfo = { pid: process.pid, host: os.hostname(), purpose, since: new Date().toISOString() };
    fs.writeFileSync(infoFile(key), JSON.stringify(info));
    entry = { conn, count: 0, purpose };
    held.set(key, entry);
  }
  entry.count++;
  let released = false;
  return {
    dbFile: key,
    purpose,
    release() {
      if (released) return;
      released = true;
      const e = held.get(key);
      if (!e || --e.count > 0) return;
      held.delete(key);
      fs.rmSync(infoFile(key), { force: true });
      e.conn.exec('ROLLBACK');
      e.conn.close();
    },
  };
}

/** Runs `fn` holding the writer lock; in-memory databases need no lock. */
export async function withWriterLock<T>(
  dbFile: string,
  purpose: string,
  fn: () => Promise<T> | T,
  options?: AcquireOptions,
): Promise<T> {
  if (dbFile === ':memory:' || dbFile === '') return fn();
  const lock = acquireWriterLock(dbFile, purpose, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/**
 * True when no other connection (any process, any purpose: a reader too) has the library open. Restore needs
 * this: replacing the file under an open connection would hand that process a different database mid-flight.
 */
export function isLibraryInUse(dbFile: string): boolean {
  if (!fs.existsSync(dbFile)) return false;
  const probe = new BetterSqlite3(dbFile, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
    probe.exec('COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    if (isDamageError(err)) return false; // not a database any more: nobody can be using it as one
    throw err;
  } finally {
    probe.close();
  }
}
