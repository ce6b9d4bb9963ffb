import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelFromFolders } from './label-from-folders';
import { undo } from './operations';
import { assignedBy, fixtureDb, personOf, randomCentre, rng } from './testing/fixture-db';
import { updatePeople } from './update-people';

test('labelling from folders names people, makes user labels, and is idempotent and undoable', () => {
  const fx = fixtureDb();
  const r = rng(4);
  const faces = Array.from({ length: 4 }, () => fx.face(randomCentre(r)));
  updatePeople(fx.db, { force: true, minClusterSize: 1 });
  const input = [
    { faceId: faces[0], identity: 'Ann' },
    { faceId: faces[1], identity: 'Ann' },
    { faceId: faces[2], identity: 'Ben' },
  ];
  assert.deepEqual(labelFromFolders(fx.db, input), { labelled: 3, people: 2, created: 2, unchanged: 0 });
  const ann = personOf(fx.db, faces[0]);
  assert.equal(personOf(fx.db, faces[1]), ann);
  assert.notEqual(personOf(fx.db, faces[2]), ann);
  assert.ok(faces.slice(0, 3).every((f) => assignedBy(fx.db, f) === 'user'));
  const name = (id: number | null) =>
    (fx.db.prepare('SELECT name FROM people WHERE id = ?').get(id) as { name: string }).name;
  assert.equal(name(ann), 'Ann');
  // a second run changes nothing; a new face of Ann joins the existing person
  assert.deepEqual(labelFromFolders(fx.db, input), { labelled: 0, people: 2, created: 0, unchanged: 3 });
  assert.deepEqual(labelFromFolders(fx.db, [{ faceId: faces[3], identity: 'Ann' }]), {
    labelled: 1,
    people: 1,
    created: 0,
    unchanged: 0,
  });
  assert.equal(personOf(fx.db, faces[3]), ann);
  undo(fx.db);
  assert.notEqual(personOf(fx.db, faces[3]), ann);
});
