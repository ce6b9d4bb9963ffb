import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApiContext } from '../../api/api-context';
import { dispatch } from '../../api/dispatch';
import type { LibraryStatus, PersonSummary } from '../../api/contract';
import { openDatabase } from '../../db/connection';
import { around, randomCentre, rng } from '../../people/testing/fixture-db';
import { main } from '../main';

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

/**
 * One folder, 6 faces: Ada has 3 (one labelled by the user), one face is rejected ("not a face"), two wait in
 * Unsorted; Bob (named) and an unnamed person have no face left (emptied by moves).
 */
function libraryWithRejectedFacesAndEmptyPeople(file: string): void {
  const db = openDatabase(file);
  const folder = db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/x', 0)`).run().lastInsertRowid;
  const model = db
    .prepare(`INSERT INTO models (kind, name, created_at) VALUES ('backbone', 'b', 0)`)
    .run().lastInsertRowid;
  const person = (name: string | null) =>
    db.prepare(`INSERT INTO people (name, created_at) VALUES (?, 0)`).run(name).lastInsertRowid;
  const ada = person('Ada');
  person('Bob');
  person(null);
  const r = rng(5);
  const c = randomCentre(r);
  const faces: [number | bigint | null, 'user' | 'machine' | null, number][] = [
    [ada, 'user', 0],
    [ada, 'machine', 0],
    [ada, 'machine', 0],
    [null, null, 1],
    [null, null, 0],
    [null, null, 0],
  ];
  faces.forEach(([personId, by, rejected], i) => {
    const photo = db
      .prepare(`INSERT INTO photos (folder_id, path, size, mtime, status) VALUES (?, ?, 1, 0, 'done')`)
      .run(folder, `/x/${i}.jpg`).lastInsertRowid;
    db.prepare(
      `INSERT INTO faces (photo_id, x, y, w, h, score, quality, embedding, model_id, person_id, assigned_by, rejected)
       VALUES (?, 0, 0, 9, 9, 1, 1, ?, ?, ?, ?, ?)`,
    ).run(photo, Buffer.from(around(c, 0.15, r).buffer), model, personId, by, rejected);
  });
  db.close();
}

async function api<T>(file: string, op: string, args: unknown): Promise<T> {
  const db = openDatabase(file);
  try {
    const env = await dispatch(
      createApiContext(db, () => Promise.reject(new Error('no analyzer in this test'))),
      op,
      args,
    );
    assert.ok(env.ok, JSON.stringify(env));
    return env.value as T;
  } finally {
    db.close();
  }
}

test("facet status and people agree with the app's Library header and people list (rejected faces, empty people)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-status-'));
  const file = path.join(dir, 'library.db');
  libraryWithRejectedFacesAndEmptyPeople(file);
  try {
    const header = await api<LibraryStatus>(file, 'library.status', {});
    const status = await facet('status', '--db', file, '--json');
    assert.equal(status.code, 0);
    const s = JSON.parse(status.out);
    // What a user counts: 5 faces (the rejected one is not a face), 1 person (Ada; Bob and the other are empty).
    assert.deepEqual(
      { faces: s.faces, unsorted: s.unsortedFaces, rejected: s.rejectedFaces, people: s.people, named: s.namedPeople },
      { faces: 5, unsorted: 2, rejected: 1, people: 1, named: 1 },
    );
    assert.equal(s.facesAssigned, 3);
    assert.equal(s.facesLabelledByUser, 1);
    for (const k of ['photos', 'pending', 'errors', 'faces', 'unsortedFaces', 'people', 'namedPeople'] as const)
      assert.equal(s[k], header[k], `status ${k} = the Library header's`);
    assert.deepEqual(
      s.folders.map((f: { faces: number; photos: number }) => [f.faces, f.photos]),
      header.folders.map((f) => [f.faces, f.photos]),
    );
    assert.match(
      (await facet('status', '--db', file)).out,
      /faces: 5 \(3 assigned to a person, 1 labelled by you; 1 rejected\)\npeople: 1 \(1 named\)/,
    );

    const listed = await api<PersonSummary[]>(file, 'people.list', { includeHidden: true });
    const people = JSON.parse((await facet('people', '--db', file, '--json', '--all')).out);
    assert.deepEqual(
      people.people.map((p: { id: number; name: string; faces: number; userFaces: number }) => [
        p.id,
        p.name,
        p.faces,
        p.userFaces,
      ]),
      listed.map((p) => [p.id, p.name, p.faceCount, p.userFaceCount]),
    );
    assert.deepEqual(
      people.people.map((p: { name: string }) => p.name),
      ['Ada'],
    );
    assert.equal(people.unsorted, 2);
    assert.equal(people.rejected, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
