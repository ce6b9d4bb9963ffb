// Repositories own the SQL (issue 16): a statement on the library's tables lives in a `*-repo.ts` module of its
// table, or in a migration. Files that only manage database files (open, migrate, check integrity, back up, lock,
// restore) run pragmas and transactions, not table queries, and are named below. A file that runs SQL anywhere
// else fails this test: move the statement into the repository of its table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const CORE = path.resolve(__dirname);

/** Database plumbing: opening, migrating, checking, backing up, locking and restoring database files. */
const PLUMBING = new Set([
  'db/connection.ts',
  'db/migrate.ts',
  'db/restore.ts',
  'safety/backup.ts',
  'safety/integrity.ts',
  'safety/writer-lock.ts',
]);

/**
 * Not moved yet (issue 16 is partly done): each still runs its own SQL. The list may only shrink; the test fails
 * when a file here no longer needs its entry, so that it is removed.
 */
const NOT_YET_MOVED = new Set([
  'people/operations.ts',
  'people/eval-naming.ts',
  'people/face-table-cache.ts',
  'people/update-people.ts',
  'people/suggestions.ts',
  'train/experiments/dev-half-split.ts',
]);

/** A line that runs SQL through better-sqlite3. */
const RUNS_SQL = /\.prepare\(|\.pragma\(|\.exec\(\s*[`'"]|\bdb\.exec\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function filesRunningSql(): string[] {
  return sourceFiles(CORE)
    .filter((f) => RUNS_SQL.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(CORE, f).split(path.sep).join('/'));
}

test('no SQL outside repositories, migrations and database plumbing', () => {
  const outside = filesRunningSql().filter((f) => !f.endsWith('-repo.ts') && !PLUMBING.has(f) && !NOT_YET_MOVED.has(f));
  assert.deepEqual(outside, [], 'move these statements into the repository of their table');
});

test('the list of files not yet moved only shrinks', () => {
  const running = new Set(filesRunningSql());
  const stale = [...NOT_YET_MOVED].filter((f) => !running.has(f));
  assert.deepEqual(stale, [], 'these no longer run SQL: remove them from NOT_YET_MOVED');
});

test('the detector sees SQL where there is some (so the tests above can fail)', () => {
  const found = filesRunningSql();
  assert.ok(found.includes('db/faces-repo.ts'));
  assert.ok(RUNS_SQL.test("db.prepare('SELECT 1 FROM faces')") && RUNS_SQL.test('db.exec(`CREATE TABLE x (a)`)'));
  assert.ok(!RUNS_SQL.test('const m = /x/.exec(text)'));
});
