import { openDatabase, type Database } from './connection';
import { acquireWriterLock } from '../safety/writer-lock';

/** A library opened for writing by a long-lived process, with its writer lock held until `release`. */
export interface HeldLibrary {
  readonly db: Database;
  release(): void;
}

/**
 * The one way a long-lived writer (`facet serve`, the app's engine worker) opens the library: the writer lock
 * first (the same `acquireWriterLock` the CLI's `asWriter` goes through), then the database. While a scan in a
 * terminal or another app holds the library it throws LibraryBusyError, naming who holds it, and writes nothing.
 */
export function holdLibraryForWriting(file: string, purpose: string): HeldLibrary {
  const lock = acquireWriterLock(file, purpose);
  try {
    const db = openDatabase(file);
    return {
      db,
      release() {
        if (db.open) db.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release(); // a library that cannot be opened (damaged, newer) must not stay locked
    throw err;
  }
}
