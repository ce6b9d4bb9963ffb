import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './connection';
import { backupBefore, listBackups } from '../safety/backup';
import { checkIntegrity, DamagedDatabaseError } from '../safety/integrity';
import { latestGoodBackup, restoreBackup } from './restore';
import { LibraryBusyError } from '../safety/writer-lock';
import { runFacet, spawnTs, waitForOutput, exitCode } from '../safety/testing/spawn';
import { tempDir } from '../safety/testing/temp-dir';

function makeLibrary(file: string, people: string[]): void {
  const db = openDatabase(file);
  const put = db.prepare('INSERT INTO people(name, created_at) VALUES (?, ?)');
  for (const n of people) put.run(n, 1);
  // Enough rows to span many pages, so damage in the middle of the file hits real data.
  const s = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) s.run(`k${i}`, 'v'.repeat(100));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function damage(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  const junk = Buffer.alloc(4096 * 8, 0xa5);
  fs.writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

function people(file: string): string[] {
  const db = openDatabase(file);
  const names = db.prepare('SELECT name FROM people ORDER BY id').pluck().all() as string[];
  db.close();
  return names;
}

test('a healthy library passes the check at open', () => {
  const file = path.join(tempDir(), 'library.db');
  makeLibrary(file, ['A']);
  const db = openDatabase(file);
  assert.deepEqual(checkIntegrity(db), { ok: true, problems: [] });
  db.close();
});

test('a damaged library is refused at open with the way out, and restore --latest brings back the labels', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  makeLibrary(file, ['Ada', 'Grace']);
  const db = openDatabase(file);
  backupBefore(db, 'recluster');
  db.close();
  damage(file);
  assert.throws(
    () => openDatabase(file),
    (err: unknown) => err instanceof DamagedDatabaseError && /facet restore .*--latest/.test(err.message),
  );
  const cli = runFacet(['restore', '--db', file, '--latest']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /restored/);
  assert.deepEqual(people(file), ['Ada', 'Grace']);
  // The damaged file was kept as evidence, not deleted.
  assert.ok(listBackups(file).some((b) => b.reason === 'damaged'));
});

test('a file that is not a database at all gets the same clear message, not a stack trace', () => {
  const file = path.join(tempDir(), 'library.db');
  fs.writeFileSync(file, 'this is a shopping list, not a photo library\n'.repeat(200));
  const cli = runFacet(['backup', '--db', file]);
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, /is damaged .*facet restore/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');
  assert.throws(() => openDatabase(file), DamagedDatabaseError);
});

test('restore keeps the replaced library, and refuses a damaged backup', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  makeLibrary(file, ['old']);
  const db = openDatabase(file);
  const b = backupBefore(db, 'activate')!;
  db.prepare(`UPDATE people SET name = 'renamed after backup'`).run();
  db.close();
  const r = restoreBackup(file, b);
  assert.deepEqual(people(file), ['old']);
  assert.ok(r.previousKeptAt);
  assert.deepEqual(people(r.previousKeptAt!), ['renamed after backup']);
  // --latest skips the copy restore just kept, so running it twice does not undo the restore.
  assert.equal(latestGoodBackup(file), b);

  const bad = path.join(dir, 'bad.db');
  fs.copyFileSync(b, bad);
  damage(bad);
  assert.throws(() => restoreBackup(file, bad), /damaged|not a readable/);
  assert.deepEqual(people(file), ['old'], 'the library is untouched by a refused restore');
});

test('restore refuses while another Facet process has the library open', async () => {
  const file = path.join(tempDir(), 'library.db');
  makeLibrary(file, ['kept']);
  const db = openDatabase(file);
  const b = backupBefore(db, 'x')!;
  db.close();
  const other = spawnTs('core/safety/testing/lock-child.ts', [file, 'holder', '1', '0', 'hold']);
  await waitForOutput(other, 'written');
  assert.throws(() => restoreBackup(file, b), LibraryBusyError);
  other.stdin!.end();
  assert.equal(await exitCode(other), 0);
  // A reader that holds no writer lock also blocks restore.
  const reader = new BetterSqlite3(file);
  reader.prepare('SELECT 1 FROM people').get();
  assert.throws(() => restoreBackup(file, b), LibraryBusyError);
  reader.close();
  assert.doesNotThrow(() => restoreBackup(file, b));
});
