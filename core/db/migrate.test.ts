import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, DatabaseTooNewError } from './migrate';
import { MIGRATIONS } from './migrations';
import { openDatabase } from './connection';

test('a new database is migrated to the latest version with every table', () => {
  const db = openDatabase(':memory:');
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  for (const t of ['folders', 'photos', 'faces', 'people', 'not_person', 'models', 'settings'])
    assert.ok(tables.includes(t), t);
  db.close();
});

test('a database newer than the app is refused, untouched', () => {
  const db = new BetterSqlite3(':memory:');
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  assert.throws(() => migrate(db), DatabaseTooNewError);
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length + 1);
});

test('a failing migration rolls back entirely and the backup hook ran first', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db, undefined, MIGRATIONS.slice(0, 1));
  let hookRan = false;
  const broken = [
    ...MIGRATIONS.slice(0, 1),
    {
      version: 2,
      name: 'adds a table then fails',
      up: (d: BetterSqlite3.Database) => {
        d.exec('CREATE TABLE t(x)');
        throw new Error('boom');
      },
    },
  ];
  assert.throws(
    () =>
      migrate(
        db,
        () => {
          hookRan = true;
        },
        broken,
      ),
    /boom/,
  );
  assert.ok(hookRan);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.equal(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 't'`).pluck().get(), 0);
});

test('the schema keeps a face assignment consistent with who assigned it', () => {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO folders(path, added_at) VALUES ('/p', 0)`).run();
  db.prepare(`INSERT INTO photos(folder_id, path, size, mtime) VALUES (1, '/p/a.jpg', 1, 1)`).run();
  db.prepare(`INSERT INTO models(kind, name, created_at) VALUES ('backbone', 'm', 0)`).run();
  db.prepare(`INSERT INTO people(name, created_at) VALUES ('Ann', 0)`).run();
  const insert = db.prepare(
    `INSERT INTO faces(photo_id, x, y, w, h, score, quality, embedding, model_id, person_id, assigned_by) VALUES (1, 0, 0, 1, 1, 1, 1, x'00', 1, ?, ?)`,
  );
  assert.throws(() => insert.run(1, null), /CHECK/);
  assert.throws(() => insert.run(null, 'user'), /CHECK/);
  insert.run(1, 'user');
});
