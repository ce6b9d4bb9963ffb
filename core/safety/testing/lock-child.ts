// A second "Facet process" for the single-writer tests: takes the writer lock, then writes rows one transaction
// at a time. argv: dbFile label rows waitMs [hold]. With `hold` it keeps the lock, after writing, until its stdin
// closes. Exit 0 done, 3 refused (busy).
import { openDatabase } from '../../db/connection';
import { acquireWriterLock, LibraryBusyError } from '../writer-lock';

const [dbFile, label, rows, waitMs, hold] = process.argv.slice(2);

function stdinClosed(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.on('end', resolve).resume();
  });
}

async function run(): Promise<void> {
  const lock = acquireWriterLock(dbFile, `test writer ${label}`, { waitMs: Number(waitMs) });
  console.log('locked');
  const db = openDatabase(dbFile);
  const put = db.prepare(`INSERT INTO settings(key, value) VALUES (?, ?)`);
  for (let i = 0; i < Number(rows); i++) {
    put.run(`${label}-${i}`, String(Date.now()));
    const until = Date.now() + 5;
    while (Date.now() < until); // keep the lock long enough for the other process to collide with it
  }
  db.close();
  if (hold === 'hold') {
    console.log('written');
    await stdinClosed();
  }
  lock.release();
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    if (!(err instanceof LibraryBusyError)) throw err;
    console.error(err.message);
    process.exit(3);
  },
);
