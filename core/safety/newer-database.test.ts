import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { DatabaseTooNewError } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { runFacet } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

// A library written by a newer Facet: refused by readers and writers alike, and left exactly as it was.
test('a newer database is refused before any write, its journal mode untouched, labels export included', () => {
  const file = path.join(tempDir(), 'newer.db');
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = DELETE');
  raw.exec('CREATE TABLE future (x)');
  raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
  raw.close();
  assert.throws(() => openDatabase(file), DatabaseTooNewError);
  assert.throws(() => openDatabase(file, { readonly: true }), DatabaseTooNewError);
  const ex = runFacet(['labels', 'export', '--db', file]);
  assert.equal(ex.status, 1);
  assert.match(ex.stderr, /newer Facet/);
  assert.equal(ex.stdout, '');
  const check = new BetterSqlite3(file, { readonly: true });
  assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
  check.close();
});
