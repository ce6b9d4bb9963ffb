import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { checkIntegrity } from './integrity';
import { acquireWriterLock, LibraryBusyError, lockFile, withWriterLock } from './writer-lock';
import { exitCode, runFacet, spawnTs, waitForOutput } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

const CHILD = 'core/safety/testing/lock-child.ts';

function keysByWriter(file: string): Map<string, number> {
  const db = openDatabase(file);
  assert.ok(checkIntegrity(db).ok);
  const keys = db.prepare('SELECT key FROM settings').pluck().all() as string[];
  db.close();
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k.split('-')[0], (counts.get(k.split('-')[0]) ?? 0) + 1);
  return counts;
}

test('a second Facet process is refused while the first writes, and says who holds the library', async () => {
  const file = path.join(tempDir(), 'library.db');
  openDatabase(file).close();
  const first = spawnTs(CHILD, [file, 'first', '50', '0', 'hold']);
  await waitForOutput(first, 'written');
  const second = spawnTs(CHILD, [file, 'second', '10', '0']);
  let err = '';
  second.stderr!.on('data', (d: Buffer) => (err += d));
  assert.equal(await exitCode(second), 3, 'refused');
  assert.match(err, new RegExp(`busy; Facet process ${first.pid} .*test writer first`));
  first.stdin!.end();
  assert.equal(await exitCode(first), 0);
  assert.deepEqual(keysByWriter(file), new Map([['first', 50]]));
});

test('with a wait, two processes are serialised: both finish, every row lands, the database is sound', async () => {
  const file = path.join(tempDir(), 'library.db');
  openDatabase(file).close();
  const a = spawnTs(CHILD, [file, 'a', '60', '20000']);
  const b = spawnTs(CHILD, [file, 'b', '60', '20000']);
  assert.deepEqual(await Promise.all([exitCode(a), exitCode(b)]), [0, 0]);
  assert.deepEqual(
    keysByWriter(file),
    new Map([
      ['a', 60],
      ['b', 60],
    ]),
  );
});

test('a writer killed with SIGKILL leaves no stale lock behind', async () => {
  const file = path.join(tempDir(), 'library.db');
  openDatabase(file).close();
  const victim = spawnTs(CHILD, [file, 'victim', '100000', '0']);
  await waitForOutput(victim, 'locked');
  assert.throws(() => acquireWriterLock(file, 'test'), LibraryBusyError);
  victim.kill('SIGKILL');
  await exitCode(victim);
  const lock = acquireWriterLock(file, 'after the crash');
  lock.release();
  const db = openDatabase(file);
  assert.ok(checkIntegrity(db).ok, 'the killed writer left a sound database');
  db.close();
});

test('the lock is re-entrant inside one process and released when the last holder lets go', async () => {
  const file = path.join(tempDir(), 'library.db');
  const outer = acquireWriterLock(file, 'app');
  await withWriterLock(file, 'scan job in the same process', () => undefined);
  const other = spawnTs(CHILD, [file, 'other', '1', '0']);
  assert.equal(await exitCode(other), 3, 'still held by the outer holder');
  outer.release();
  const again = spawnTs(CHILD, [file, 'other', '1', '0']);
  assert.equal(await exitCode(again), 0);
});

test('readers are never blocked by a writer mid-transaction (WAL): they see the last committed state', () => {
  const file = path.join(tempDir(), 'library.db');
  const writer = openDatabase(file);
  writer.prepare(`INSERT INTO people (name, created_at) VALUES ('committed', 0)`).run();
  const reader = openDatabase(file, { readonly: true });
  reader.pragma('busy_timeout = 0'); // a blocked read would fail at once instead of waiting
  writer.exec('BEGIN IMMEDIATE');
  writer.prepare(`INSERT INTO people (name, created_at) VALUES ('in flight', 0)`).run();
  assert.deepEqual(reader.prepare('SELECT name FROM people').pluck().all(), ['committed']);
  writer.exec('COMMIT');
  assert.deepEqual(reader.prepare('SELECT name FROM people ORDER BY id').pluck().all(), ['committed', 'in flight']);
  reader.close();
  writer.close();
});

test('a clobbered lock file is replaced, not a reason to refuse every writer forever', () => {
  const file = path.join(tempDir(), 'library.db');
  fs.writeFileSync(lockFile(file), 'garbage written over the lock file by some sync tool');
  const lock = acquireWriterLock(file, 'after the clobber');
  assert.equal(heldElsewhere(file), true, 'the new lock really excludes others');
  lock.release();
  assert.equal(heldElsewhere(file), false);
});

/** Whether an independent connection (as another process would make) finds the writer lock taken. */
function heldElsewhere(file: string): boolean {
  const other = new BetterSqlite3(lockFile(file));
  try {
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    other.exec('ROLLBACK');
    return false;
  } catch {
    return true;
  } finally {
    other.close();
  }
}

test('every writing command is refused while another Facet process holds the library, and runs once it is free', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  openDatabase(file).close();
  const before = fs.readFileSync(file);
  const holder = spawnTs(CHILD, [file, 'serve', '0', '0', 'hold']);
  await waitForOutput(holder, 'written');
  const writers = [
    ['undo'],
    ['redo'],
    ['cluster', '--force'],
    ['train'],
    ['train', '--rollback'],
    ['train', '--activate', '1'],
    ['backup'],
    ['threshold', '--apply'],
    ['label', '--from-folders', dir],
  ];
  for (const args of writers) {
    const r = runFacet([...args, '--db', file]);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /is busy; Facet process \d+ .*test writer serve/, args.join(' '));
  }
  assert.deepEqual(fs.readFileSync(file), before, 'nothing was written while the library was held');
  holder.stdin!.end();
  assert.equal(await exitCode(holder), 0);
  const free = runFacet(['undo', '--db', file]);
  assert.equal(free.status, 0, free.stderr);
  assert.match(free.stdout, /nothing to undo/);
});
