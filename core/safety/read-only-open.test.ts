// Commands that only read open the library read-only: they run while another process holds the writer lock, and
// they never write, not even a checkpoint of a crashed writer's WAL.
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { MIGRATIONS } from '../db/migrations';
import { exitCode, runFacet, spawnTs, waitForOutput } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

const CHILD = 'core/safety/testing/lock-child.ts';

function bytes(file: string): string {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent';
}

const READERS: readonly string[][] = [
  ['export', '--json'],
  ['status', '--json'],
  ['people', '--json'],
  ['labels', 'export'],
];

test('read-only commands run while a writer holds the library and leave its bytes and its WAL as they were', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');

  // Another Facet process holds the writer lock for as long as this test runs.
  const holder = spawnTs(CHILD, [file, 'holder', '0', '0', 'hold']);
  try {
    await waitForOutput(holder, 'written');

    // The library as a writer killed mid-way leaves it: committed rows still only in the -wal.
    const live = openDatabase(path.join(dir, 'live.db'));
    live.pragma('wal_autocheckpoint = 0');
    // a named person with one face the user labelled: every read model counts her (an empty person is no person)
    const person = live
      .prepare(`INSERT INTO people (name, created_at) VALUES ('Ada Lovelace', 0)`)
      .run().lastInsertRowid;
    const folder = live.prepare(`INSERT INTO folders (path, added_at) VALUES ('/lib', 0)`).run().lastInsertRowid;
    const model = live
      .prepare(`INSERT INTO models (kind, name, created_at, active) VALUES ('backbone', 'test', 0, 1)`)
      .run().lastInsertRowid;
    const photo = live
      .prepare(`INSERT INTO photos (folder_id, path, size, mtime, status) VALUES (?, '/lib/ada.jpg', 1, 0, 'done')`)
      .run(folder).lastInsertRowid;
    live
      .prepare(
        `INSERT INTO faces (photo_id, x, y, w, h, score, quality, embedding, model_id, person_id, assigned_by)
         VALUES (?, 0, 0, 50, 50, 0.9, 1, ?, ?, ?, 'user')`,
      )
      .run(photo, Buffer.alloc(512), model, person);
    for (const suffix of ['', '-shm']) fs.rmSync(file + suffix, { force: true });
    fs.copyFileSync(path.join(dir, 'live.db'), file);
    fs.copyFileSync(path.join(dir, 'live.db-wal'), file + '-wal');
    live.close();
    const before = [bytes(file), bytes(file + '-wal')];
    assert.notEqual(before[1], 'absent');

    for (const args of READERS) {
      const r = runFacet([...args, '--db', file]);
      assert.equal(r.status, 0, `facet ${args.join(' ')}: ${r.stderr}`);
      if (args[0] !== 'labels') assert.match(r.stdout, /Ada Lovelace|"people": 1/, `facet ${args.join(' ')}`);
      assert.deepEqual([bytes(file), bytes(file + '-wal')], before, `facet ${args.join(' ')} changed the library`);
    }
  } finally {
    holder.stdin!.end();
    await exitCode(holder);
  }
});

test('a read-only command on a missing library creates nothing; on a newer one it refuses and writes nothing', () => {
  const dir = tempDir();
  const missing = path.join(dir, 'none.db');
  const st = runFacet(['status', '--json', '--db', missing]);
  assert.equal(st.status, 0, st.stderr);
  assert.match(st.stdout, /"photos": 0/);
  assert.deepEqual(fs.readdirSync(dir), []);

  const newer = path.join(dir, 'newer.db');
  const raw = new BetterSqlite3(newer);
  raw.pragma('journal_mode = WAL');
  raw.exec('CREATE TABLE future (x)');
  raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  raw.close();
  const before = bytes(newer);
  for (const args of READERS) {
    const r = runFacet([...args, '--db', newer]);
    assert.equal(r.status, 1, `facet ${args.join(' ')} should refuse`);
    assert.match(r.stderr, /newer Facet/);
  }
  assert.equal(bytes(newer), before);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['newer.db']);
});
