import assert from 'node:assert/strict';
import { test } from 'node:test';
import { previewAssignment, reassignMachineGuesses } from './assignment';
import { rejectFaces, renamePerson } from './operations';
import { reviewQueue, suggestPeople } from './suggestions';
import { around, assignedBy, fixtureDb, personOf, randomCentre, rng } from './testing/fixture-db';
import { updatePeople } from './update-people';

/** Three named people of 4 faces; Unsorted faces at chosen distances from person A's centre. */
function library() {
  const fx = fixtureDb();
  const r = rng(21);
  const centres = [randomCentre(r), randomCentre(r), randomCentre(r)];
  const groups = centres.map((c) => Array.from({ length: 4 }, () => fx.face(around(c, 0.15, r))));
  updatePeople(fx.db, { force: true });
  const people = groups.map((g, i) => {
    const p = personOf(fx.db, g[0])!;
    renamePerson(fx.db, p, `P${i}`);
    return p;
  });
  // loose faces: near A, a bit further from A, and far from everyone; added after the last pass
  const near = fx.face(around(centres[0], 0.15, r));
  const far = fx.face(around(centres[0], 0.5, r));
  const nowhere = fx.face(randomCentre(r));
  return { ...fx, centres, groups, people, near, far, nowhere };
}

test('each Unsorted face gets the top 3 people, nearest first', () => {
  const { db, people, near } = library();
  const s = suggestPeople(db, { faceIds: [near] });
  assert.equal(s.length, 1);
  assert.equal(s[0].people.length, 3);
  assert.equal(s[0].people[0].personId, people[0]);
  assert.equal(s[0].people[0].name, 'P0');
  const d = s[0].people.map((p) => p.distance);
  assert.deepEqual(
    [...d].sort((a, b) => a - b),
    d,
  );
  assert.ok(d[0] < 0.4 && d[1] > 1);
});

test('the review queue lists likely faces of a person nearest first, and never rejected ones', () => {
  const { db, people, near, far, nowhere } = library();
  const q = reviewQueue(db, people[0], { maxDistance: 0.9 });
  assert.deepEqual(
    q.map((i) => i.faceId),
    [near, far],
  );
  assert.ok(q[0].distance < q[1].distance);
  assert.ok(!q.some((i) => i.faceId === nowhere));
  rejectFaces(db, [near]);
  assert.deepEqual(
    reviewQueue(db, people[0], { maxDistance: 0.9 }).map((i) => i.faceId),
    [far],
  );
  assert.ok(!suggestPeople(db).some((s) => s.faceId === near));
});

test('previewAssignment counts joins at another threshold without writing; reassign applies the current one', () => {
  const { db, people, near, far } = library();
  const before = JSON.stringify(db.prepare('SELECT person_id FROM faces ORDER BY id').all());
  const strict = previewAssignment(db, 0.3);
  const loose = previewAssignment(db, 0.9);
  assert.equal(strict.join, 1); // only `near`
  assert.equal(loose.join, 2); // `near` and `far`
  assert.equal(JSON.stringify(db.prepare('SELECT person_id FROM faces ORDER BY id').all()), before);
  const res = reassignMachineGuesses(db);
  assert.equal(res.assigned, 1);
  assert.equal(personOf(db, near), people[0]);
  assert.equal(assignedBy(db, near), 'machine');
  assert.equal(personOf(db, far), null);
});
