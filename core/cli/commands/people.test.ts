import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../db/connection';
import { around, randomCentre, rng } from '../../people/testing/fixture-db';
import { main } from '../main';

/** Runs `facet ...args` in-process and returns its exit code and printed lines. */
async function facet(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...x: unknown[]) => lines.push(x.join(' '));
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('facet cluster, people, undo on a library file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-people-'));
  const file = path.join(dir, 'library.db');
  const db = openDatabase(file);
  const folder = db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/x', 0)`).run().lastInsertRowid;
  const model = db
    .prepare(`INSERT INTO models (kind, name, created_at) VALUES ('backbone', 'b', 0)`)
    .run().lastInsertRowid;
  const r = rng(2);
  const c = randomCentre(r);
  for (let i = 0; i < 4; i++) {
    const photo = db
      .prepare(`INSERT INTO photos (folder_id, path, size, mtime) VALUES (?, ?, 1, 0)`)
      .run(folder, `/x/${i}.jpg`);
    const d = around(c, 0.15, r);
    db.prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, score, quality, embedding, model_id) VALUES (?, 0, 0, 9, 9, 1, 1, ?, ?)`,
    ).run(photo.lastInsertRowid, Buffer.from(d.buffer), model);
  }
  db.close();
  try {
    const clustered = await facet('cluster', '--db', file, '--json');
    assert.equal(clustered.code, 0);
    assert.equal(JSON.parse(clustered.out).clustered, 4);
    const people = JSON.parse((await facet('people', '--db', file, '--json')).out);
    assert.equal(people.people.length, 1);
    assert.equal(people.people[0].faces, 4);
    assert.equal(people.unsorted, 0);
    assert.match((await facet('undo', '--db', file)).out, /nothing to undo/);
    assert.equal((await facet('cluster', '--db', file, '--algorithm', 'kmeans')).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
