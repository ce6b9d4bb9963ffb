import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { backupBefore, backupBeforeMigration, backupDir, backupNow, listBackups, rotateBackups } from './backup';
import { tempDir } from './testing/temp-dir';

function seedPeople(db: BetterSqlite3.Database, names: string[]): void {
  const put = db.prepare('INSERT INTO people(name, created_at) VALUES (?, ?)');
  for (const n of names) put.run(n, Date.now());
}

function peopleIn(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  const names = db.prepare('SELECT name FROM people ORDER BY id').pluck().all() as string[];
  db.close();
  return names;
}

test('backupBefore writes a readable snapshot with the labels into <dbdir>/backups', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const db = openDatabase(file);
  seedPeople(db, ['Ada', 'Émile']);
  const b = backupBefore(db, 'recluster');
  assert.ok(b && b.startsWith(backupDir(file) + path.sep), `backup in backups/: ${b}`);
  seedPeople(db, ['after the backup']);
  db.close();
  assert.deepEqual(peopleIn(b!), ['Ada', 'Émile']);
  assert.equal(listBackups(file)[0].reason, 'before-recluster');
  assert.ok(!fs.readdirSync(backupDir(file)).some((n) => n.endsWith('.partial')), 'no partial file left');
});

test('backupBefore refuses inside a transaction rather than silently skipping the backup', () => {
  const db = openDatabase(path.join(tempDir(), 'l.db'));
  assert.throws(() => db.transaction(() => backupBefore(db, 'activate'))(), /before the transaction/);
  db.close();
});

test('in-memory databases have nothing to back up', () => {
  const db = openDatabase(':memory:');
  assert.equal(backupBefore(db, 'x'), null);
});

test('rotation keeps the newest N backups', async () => {
  const file = path.join(tempDir(), 'library.db');
  const db = openDatabase(file);
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    seedPeople(db, [`p${i}`]);
    made.push(await backupNow(db, 'manual', 3));
  }
  db.close();
  const kept = listBackups(file).map((b) => b.file);
  assert.deepEqual(kept, made.slice(2).reverse());
  assert.deepEqual(peopleIn(kept[0]), ['p0', 'p1', 'p2', 'p3', 'p4']);
  assert.deepEqual(rotateBackups(file, 1), kept.slice(1));
  assert.equal(listBackups(file).length, 1);
});

test('an existing library is backed up before a migration, as it was before the schema changed', () => {
  const file = path.join(tempDir(), 'library.db');
  const db = openDatabase(file);
  seedPeople(db, ['Grace']);
  const next = MIGRATIONS.length + 1;
  const withNext = [
    ...MIGRATIONS,
    { version: next, name: 'test step', up: (d: BetterSqlite3.Database) => d.exec('ALTER TABLE people ADD COLUMN x') },
  ];
  migrate(db, backupBeforeMigration(file), withNext);
  db.close();
  const [b] = listBackups(file);
  assert.equal(b.reason, `before-migrate-${MIGRATIONS.length}-to-${next}`);
  const old = new BetterSqlite3(b.file, { readonly: true });
  assert.equal(old.pragma('user_version', { simple: true }), MIGRATIONS.length);
  const cols = old.prepare(`SELECT name FROM pragma_table_info('people')`).pluck().all();
  assert.ok(!cols.includes('x'));
  old.close();
  assert.deepEqual(peopleIn(b.file), ['Grace']);
});

test('a new library is not backed up (nothing to lose)', () => {
  const file = path.join(tempDir(), 'library.db');
  openDatabase(file).close();
  assert.equal(listBackups(file).length, 0);
});
