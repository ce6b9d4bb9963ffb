import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from '../db/connection';
import {
  confirmFaces,
  hidePerson,
  mergePeople,
  moveFaces,
  PeopleOperationError,
  redo,
  rejectFaces,
  removeFromPerson,
  renamePerson,
  setCover,
  splitPerson,
  undo,
  undoState,
  undoThrough,
} from './operations';
import { assignedBy, around, fixtureDb, personOf, randomCentre, rng } from './testing/fixture-db';
import { updatePeople } from './update-people';

/** Two machine clusters of 4 faces each and one Unsorted face. */
function library() {
  const fx = fixtureDb();
  const r = rng(11);
  const [a, b] = [randomCentre(r), randomCentre(r)];
  const A = Array.from({ length: 4 }, () => fx.face(around(a, 0.2, r)));
  const B = Array.from({ length: 4 }, () => fx.face(around(b, 0.2, r)));
  const loner = fx.face(randomCentre(r));
  updatePeople(fx.db, { force: true });
  return { db: fx.db, A, B, loner, pa: personOf(fx.db, A[0])!, pb: personOf(fx.db, B[0])! };
}

/** Everything a user could see change: people, face assignments, marks. */
function state(db: Database) {
  return JSON.stringify({
    people: db.prepare('SELECT * FROM people ORDER BY id').all(),
    faces: db.prepare('SELECT id, person_id, assigned_by, rejected FROM faces ORDER BY id').all(),
    marks: db.prepare('SELECT * FROM not_person ORDER BY face_id, person_id').all(),
  });
}

/** Runs op, checks it changed something, that undo restores the exact prior state, and redo the exact after state. */
function undoable(db: Database, op: () => void) {
  const before = state(db);
  op();
  const after = state(db);
  assert.notEqual(after, before);
  assert.notEqual(undo(db), null);
  assert.equal(state(db), before);
  assert.notEqual(redo(db), null);
  assert.equal(state(db), after);
}

const nameOf = (db: Database, id: number) =>
  (db.prepare('SELECT name FROM people WHERE id = ?').get(id) as { name: string | null } | undefined)?.name;

test('naming a machine cluster confirms it: its faces become user labels; undo and redo', () => {
  const { db, A, pa } = library();
  undoable(db, () => renamePerson(db, pa, '  Zoë '));
  assert.equal(nameOf(db, pa), 'Zoë');
  assert.ok(A.every((f) => assignedBy(db, f) === 'user'));
  assert.equal(undoState(db).undo, 'Name “Zoë”');
});

test('merge keeps the survivor, takes a name from the other when it has none, and is undoable', () => {
  const { db, A, B, pa, pb } = library();
  renamePerson(db, pb, 'Bob');
  undoable(db, () => mergePeople(db, pa, [pb]));
  assert.ok([...A, ...B].every((f) => personOf(db, f) === pa));
  assert.equal(nameOf(db, pa), 'Bob');
  assert.equal(nameOf(db, pb), undefined);
  undo(db);
  assert.equal(nameOf(db, pb), 'Bob');
  assert.ok(B.every((f) => personOf(db, f) === pb && assignedBy(db, f) === 'user'));
});

test('moving faces makes user labels with a not_person mark for where they came from', () => {
  const { db, A, pa, pb } = library();
  undoable(db, () => moveFaces(db, [A[0]], pb));
  assert.equal(personOf(db, A[0]), pb);
  assert.equal(assignedBy(db, A[0]), 'user');
  assert.ok(db.prepare('SELECT 1 FROM not_person WHERE face_id = ? AND person_id = ?').get(A[0], pa));
});

test('moving faces to a new named person creates it; undo deletes it again', () => {
  const { db, loner } = library();
  const count = () => (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
  const n0 = count();
  undoable(db, () => moveFaces(db, [loner], { name: 'Carol' }));
  assert.equal(count(), n0 + 1);
  undo(db);
  assert.equal(count(), n0);
  assert.equal(personOf(db, loner), null);
});

test('split makes the selected faces a new person and leaves the rest', () => {
  const { db, A, pa } = library();
  let created = -1;
  undoable(db, () => {
    created = splitPerson(db, pa, [A[0], A[1]], 'Dora');
  });
  assert.equal(personOf(db, A[0]), created);
  assert.equal(personOf(db, A[2]), pa);
  assert.equal(nameOf(db, created), 'Dora');
  assert.throws(() => splitPerson(db, pa, [A[2], A[3]]), PeopleOperationError);
});

test('remove from person sends the face to Unsorted with a mark that survives a forced re-cluster', () => {
  const { db, A, pa } = library();
  undoable(db, () => removeFromPerson(db, [A[0]]));
  assert.equal(personOf(db, A[0]), null);
  updatePeople(db, { force: true });
  assert.notEqual(personOf(db, A[0]), pa);
  assert.equal(personOf(db, A[1]), pa);
});

test('reject takes a face out of people; undo brings it back', () => {
  const { db, A, pa } = library();
  setCover(db, pa, A[0]);
  undoable(db, () => rejectFaces(db, [A[0]]));
  assert.equal(personOf(db, A[0]), null);
  assert.equal(
    (db.prepare('SELECT cover_face_id FROM people WHERE id = ?').get(pa) as { cover_face_id: number | null })
      .cover_face_id,
    null,
  );
});

test('hide and set cover are undoable; a cover must be a face of the person', () => {
  const { db, A, B, pa } = library();
  undoable(db, () => hidePerson(db, pa));
  assert.equal((db.prepare('SELECT hidden FROM people WHERE id = ?').get(pa) as { hidden: number }).hidden, 1);
  undoable(db, () => setCover(db, pa, A[2]));
  assert.throws(() => setCover(db, pa, B[0]), /not in person/);
});

test('bad input is refused with a clear error and changes nothing', () => {
  const { db, pa } = library();
  const before = state(db);
  assert.throws(() => renamePerson(db, pa, '   '), /empty/);
  assert.throws(() => renamePerson(db, 9999, 'X'), /no person/);
  assert.throws(() => moveFaces(db, [9999], pa), /no face/);
  assert.throws(() => mergePeople(db, pa, [pa]), /at least one other/);
  assert.equal(state(db), before);
  assert.equal(undo(db), null);
});

test('the undo stack is persisted, undoes in reverse order, and a new operation clears redo', () => {
  const { db, pa, pb } = library();
  renamePerson(db, pa, 'One');
  renamePerson(db, pb, 'Two');
  assert.equal(undo(db), 'Name “Two”');
  assert.equal(nameOf(db, pb), null);
  assert.equal(nameOf(db, pa), 'One');
  hidePerson(db, pa);
  assert.equal(redo(db), null);
  assert.equal(undo(db), 'Hide person');
  assert.equal(undo(db), 'Name “One”');
  assert.equal(nameOf(db, pa), null);
});

test('a machine cluster emptied by moving its faces away disappears, and undo brings it back', () => {
  const { db, A, pa, pb } = library();
  const exists = (id: number) => db.prepare('SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
  undoable(db, () => moveFaces(db, A, pb));
  assert.equal(exists(pa), false);
  undo(db);
  assert.equal(exists(pa), true);
  assert.ok(A.every((f) => personOf(db, f) === pa));
});

test('a cover face that moves to another person stops being the cover', () => {
  const { db, A, pa, pb } = library();
  setCover(db, pa, A[0]);
  moveFaces(db, [A[0]], pb);
  const cover = (id: number) =>
    (db.prepare('SELECT cover_face_id FROM people WHERE id = ?').get(id) as { cover_face_id: number | null })
      .cover_face_id;
  assert.equal(cover(pa), null);
  undo(db);
  assert.equal(cover(pa), A[0]);
});

test("undoing one step also undoes the later steps still in effect, latest first (a toast's own Undo)", () => {
  const { db, A, pa } = library();
  const start = state(db);
  const newId = splitPerson(db, pa, [A[0]], null);
  const splitStep = undoState(db).undoId!;
  renamePerson(db, newId, 'Zed');
  assert.equal(undoState(db).undo, 'Name “Zed”');
  assert.deepEqual(undoThrough(db, splitStep), ['Name “Zed”', 'Split 1 face off']);
  assert.equal(state(db), start, 'the split and the rename that built on it are both undone');
  assert.deepEqual(undoThrough(db, splitStep), [], 'a step already undone is not undone twice');
  // redo brings both back, in order
  assert.equal(redo(db), 'Split 1 face off');
  assert.equal(redo(db), 'Name “Zed”');
  assert.equal(nameOf(db, newId), 'Zed');
});

test('undoing the step that made a person also frees faces a later step put in it, outside its scope', () => {
  // label --from-folders makes "Yann"; labels import then files another face under Yann; undoing the first step
  // deletes Yann, and the other face must go back to Unsorted whole (was: CHECK constraint failed: the foreign
  // key set person_id NULL and left assigned_by 'user').
  const { db, A } = library();
  const yann = moveFaces(db, [A[0]], { name: 'Yann' });
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(yann, A[1]);
  assert.equal(undo(db), 'New person from 1 face');
  assert.equal(db.prepare('SELECT 1 FROM people WHERE id = ?').get(yann), undefined);
  assert.deepEqual(db.prepare('SELECT person_id, assigned_by FROM faces WHERE id = ?').get(A[1]), {
    person_id: null,
    assigned_by: null,
  });
});

test('confirming guesses: the chosen (or all) machine guesses of a person become user labels; undo and redo', () => {
  const { db, A, B, pa } = library();
  assert.equal(assignedBy(db, A[0]), 'machine');
  assert.throws(() => confirmFaces(db, pa, [B[0]]), PeopleOperationError, 'a face of another person');
  undoable(db, () => assert.equal(confirmFaces(db, pa, [A[1]]), 1));
  assert.deepEqual(
    A.map((id) => assignedBy(db, id)),
    ['machine', 'user', 'machine', 'machine'],
  );
  undoable(db, () => assert.equal(confirmFaces(db, pa), 3));
  assert.ok(A.every((id) => assignedBy(db, id) === 'user'));
  const steps = undoState(db).undo;
  assert.equal(confirmFaces(db, pa), 0, 'nothing left to confirm');
  assert.deepEqual(undoState(db).undo, steps, 'and no empty undo step');
});

test('"not this person" on a guess in a NAMED person leaves its other guesses as guesses', () => {
  const { db, A, pa } = library();
  // a named person with one user label and three machine guesses
  renamePerson(db, pa, 'Ada');
  db.prepare(`UPDATE faces SET assigned_by = 'machine' WHERE id IN (?, ?, ?)`).run(A[1], A[2], A[3]);
  undoable(db, () => removeFromPerson(db, [A[3]]));
  assert.equal(personOf(db, A[3]), null);
  assert.deepEqual(
    A.slice(0, 3).map((id) => assignedBy(db, id)),
    ['user', 'machine', 'machine'],
  );
  // an unnamed person is still confirmed by a removal (it must survive a forced re-cluster)
  const { db: db2, B, pb } = library();
  removeFromPerson(db2, [B[0]]);
  assert.ok(B.slice(1).every((id) => assignedBy(db2, id) === 'user' && personOf(db2, id) === pb));
});

test('naming the majority of a machine cluster names the rest of it, as guesses; a minority does not; undo restores', () => {
  const { db, A, B } = library();
  let ada = 0;
  undoable(db, () => {
    ada = moveFaces(db, [A[0], A[1], A[2]], { name: 'Ada' });
  });
  assert.deepEqual(
    A.map((id) => personOf(db, id)),
    [ada, ada, ada, ada],
  );
  assert.deepEqual(
    A.map((id) => assignedBy(db, id)),
    ['user', 'user', 'user', 'machine'],
    'the follower is a guess',
  );
  // one face of four is no majority: the rest stay in their (unnamed) person
  const pb = personOf(db, B[0])!;
  const bob = moveFaces(db, [B[0]], { name: 'Bob' });
  assert.deepEqual(
    B.map((id) => personOf(db, id)),
    [bob, pb, pb, pb],
  );
  // an unnamed target names nothing: no followers
  const { db: db2, A: A2 } = library();
  const src = personOf(db2, A2[0])!;
  const anon = moveFaces(db2, [A2[0], A2[1], A2[2]], { name: null });
  assert.deepEqual(
    A2.map((id) => personOf(db2, id)),
    [anon, anon, anon, src],
  );
});
