import assert from 'node:assert/strict';
import { test } from 'node:test';
import { updatePeopleAfterScan } from './after-scan';
import { currentFaceTable, lastLoad } from './face-table-cache';
import { loadFaceTable } from './people-repo';
import { fixtureDb, randomCentre, rng } from './testing/fixture-db';

const same = (a: ReturnType<typeof loadFaceTable>, b: ReturnType<typeof loadFaceTable>) => {
  assert.deepEqual([...a.ids], [...b.ids]);
  assert.deepEqual([...a.photoIds], [...b.photoIds]);
  assert.deepEqual([...a.personIds], [...b.personIds]);
  assert.deepEqual([...a.userAssigned], [...b.userAssigned]);
  assert.deepEqual([...a.quality], [...b.quality]);
  assert.deepEqual([...a.vectors], [...b.vectors]);
};

test('after-scan batches read only the new descriptors, and see the same table as a full load', () => {
  const { db, face } = fixtureDb();
  const r = rng(2);
  for (let i = 0; i < 5; i++) face(randomCentre(r), { quality: 0.5 + i / 10 });
  same(currentFaceTable(db), loadFaceTable(db));
  for (let batch = 0; batch < 3; batch++) {
    for (let i = 0; i < 4; i++) face(randomCentre(r));
    const t = currentFaceTable(db);
    assert.deepEqual(lastLoad, { kind: 'incremental', descriptorsRead: 4 });
    same(t, loadFaceTable(db));
  }
  // a person set between batches (a user operation) shows, without reading descriptors
  const id = loadFaceTable(db).ids[2];
  const person = Number(db.prepare('INSERT INTO people (created_at) VALUES (0)').run().lastInsertRowid);
  db.prepare(`UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?`).run(person, id);
  same(currentFaceTable(db), loadFaceTable(db));
  assert.deepEqual(lastLoad, { kind: 'columns', descriptorsRead: 0 });
  // a rejected face and a user's move after that: seen too
  db.prepare(`UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ?`).run(id);
  face(randomCentre(r));
  same(currentFaceTable(db), loadFaceTable(db));
  assert.deepEqual(lastLoad, { kind: 'columns', descriptorsRead: 1 });
});

test('a face deleted, rejected or re-analysed in place makes the next call load everything again', () => {
  const { db, face } = fixtureDb();
  const r = rng(3);
  const ids = Array.from({ length: 6 }, () => face(randomCentre(r)));
  currentFaceTable(db);
  db.prepare('DELETE FROM faces WHERE id = ?').run(ids[1]);
  same(currentFaceTable(db), loadFaceTable(db));
  assert.equal(lastLoad.kind, 'full');
  db.prepare('UPDATE faces SET rejected = 1 WHERE id = ?').run(ids[2]);
  same(currentFaceTable(db), loadFaceTable(db));
  assert.equal(lastLoad.kind, 'full');
  // re-analysis: same id, new descriptor and quality (faces-repo updates rows in place)
  const v = randomCentre(r);
  db.prepare('UPDATE faces SET embedding = ?, quality = 0.42 WHERE id = ?').run(Buffer.from(v.buffer), ids[3]);
  const t = currentFaceTable(db);
  assert.equal(lastLoad.kind, 'full');
  same(t, loadFaceTable(db));
});

test('updatePeopleAfterScan keeps descriptors in memory between batches', () => {
  const { db, face } = fixtureDb();
  const r = rng(4);
  for (let i = 0; i < 20; i++) face(randomCentre(r));
  updatePeopleAfterScan(db);
  for (let i = 0; i < 3; i++) face(randomCentre(r));
  updatePeopleAfterScan(db);
  assert.deepEqual(lastLoad, { kind: 'incremental', descriptorsRead: 3 });
});
