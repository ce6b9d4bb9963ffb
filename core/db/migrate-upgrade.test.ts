// Every earlier schema version, populated the way a user's library is, upgrades to the latest without losing or
// changing a row (Signal's discipline): each old schema is built from the migrations themselves, filled with
// folders, photos (done, failed, pending), models, named and unnamed people, user labels, machine guesses, a
// rejected face, a "not this person" mark, settings and (from version 2) an undo entry; then the library is opened
// as the app opens it, which migrates it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { createApiContext } from '../api/api-context';
import type { LibraryStatus, PersonSummary } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { listBackups } from '../safety/backup';
import { openDatabase } from './connection';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

function populate(db: BetterSqlite3.Database, version: number): void {
  const run = (sql: string, ...args: unknown[]) => Number(db.prepare(sql).run(...args).lastInsertRowid);
  const folder = run(`INSERT INTO folders (path, added_at) VALUES ('/photos', 1000)`);
  const photo = (name: string, status: string, error: string | null) =>
    run(
      `INSERT INTO photos (folder_id, path, size, mtime, hash, width, height, taken_at, status, error, scanned_at)
       VALUES (?, ?, 10, 20, 'h-' || ?, 640, 480, '2020-01-02', ?, ?, 30)`,
      folder,
      `/photos/${name}`,
      name,
      status,
      error,
    );
  const done = photo('a.jpg', 'done', null);
  const done2 = photo('b.jpg', 'done', null);
  photo('broken.jpg', 'error', 'corrupt: premature end of data');
  photo('new.jpg', 'pending', null);
  const backbone = run(
    `INSERT INTO models (kind, name, created_at, threshold, active) VALUES ('backbone', 'facenet', 1, 0.4, 1)`,
  );
  run(
    `INSERT INTO models (parent_id, kind, name, created_at, weights, metrics, threshold, active)
     VALUES (?, 'head', 'head-1', 2, x'0102', '{"gate":1}', 0.5, 0)`,
    backbone,
  );
  const ada = run(`INSERT INTO people (name, hidden, created_at) VALUES ('Ada', 0, 3)`);
  const cluster = run(`INSERT INTO people (name, hidden, created_at) VALUES (NULL, 0, 4)`);
  const emb = Buffer.from(new Float32Array(128).fill(0.088).buffer);
  const face = (photoId: number, personId: number | null, by: string | null, rejected: number) =>
    run(
      `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, quality, crop, embedding, model_id, person_id,
         assigned_by, rejected) VALUES (?, 1, 2, 30, 40, x'00', 0.9, 0.8, x'ffd8', ?, ?, ?, ?, ?)`,
      photoId,
      emb,
      backbone,
      personId,
      by,
      rejected,
    );
  const labelled = face(done, ada, 'user', 0);
  face(done, cluster, 'machine', 0);
  face(done2, null, null, 1);
  const unsorted = face(done2, null, null, 0);
  run(`UPDATE people SET cover_face_id = ? WHERE id = ?`, labelled, ada);
  run(`INSERT INTO not_person (face_id, person_id) VALUES (?, ?)`, unsorted, ada);
  run(`INSERT INTO settings (key, value) VALUES ('people.clusterRatio', '1.1')`);
  if (version >= 2)
    run(`INSERT INTO people_undo (created_at, label, before, after) VALUES (5, 'name Ada', '{}', '{}')`);
}

/** Every row of every table, keyed by table, with the columns the table had. */
function snapshot(db: BetterSqlite3.Database): Map<string, { columns: string[]; rows: unknown[][] }> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((t) => {
      const columns = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      return [t, { columns, rows: readRows(db, t, columns) }];
    }),
  );
}

function readRows(db: BetterSqlite3.Database, table: string, columns: string[]): unknown[][] {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return db.prepare(`SELECT ${list} FROM ${table} ORDER BY ${list}`).raw().all() as unknown[][];
}

async function call<T>(db: BetterSqlite3.Database, op: string, args: unknown): Promise<T> {
  const env = await dispatch(
    createApiContext(db, () => Promise.reject(new Error('no analyzer here'))),
    op,
    args,
  );
  assert.ok(env.ok, JSON.stringify(env));
  return env.value as T;
}

for (let version = 1; version < MIGRATIONS.length; version++) {
  test(`a populated library of schema ${version} upgrades to ${MIGRATIONS.length} with every row kept`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `facet-upgrade-${version}-`));
    const file = path.join(dir, 'library.db');
    try {
      const old = new BetterSqlite3(file);
      migrate(old, undefined, MIGRATIONS.slice(0, version));
      assert.equal(old.pragma('user_version', { simple: true }), version);
      populate(old, version);
      const before = snapshot(old);
      old.close();

      const db = openDatabase(file);
      try {
        assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
        for (const [table, { columns, rows }] of before)
          assert.deepEqual(readRows(db, table, columns), rows, `${table}: rows kept as they were`);
        assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
        assert.deepEqual(db.pragma('foreign_key_check'), []);
        assert.ok(listBackups(file).length >= 1, 'a backup was taken before the upgrade');

        // The app reads the upgraded library as a user would check it.
        const status = await call<LibraryStatus>(db, 'library.status', {});
        assert.deepEqual(
          [status.photos, status.errors, status.pending, status.faces, status.rejectedFaces, status.people],
          [4, 1, 1, 3, 1, 2],
        );
        const people = await call<PersonSummary[]>(db, 'people.list', { includeHidden: true });
        assert.deepEqual(
          people.map((p) => [p.name, p.faceCount, p.userFaceCount]),
          [
            ['Ada', 1, 1],
            [null, 1, 0],
          ],
        );
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
