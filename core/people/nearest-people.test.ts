import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peopleNearFaces } from './nearest-people';
import { around, fixtureDb, personOf, randomCentre, rng } from './testing/fixture-db';
import { updatePeople } from './update-people';

/** Four people of 4 faces each, at known centres; one of them gets a stray face that belongs to another. */
function library() {
  const fx = fixtureDb();
  const r = rng(7);
  const centres = [randomCentre(r), randomCentre(r), randomCentre(r), randomCentre(r)];
  const groups = centres.map((c) => Array.from({ length: 4 }, () => fx.face(around(c, 0.15, r))));
  updatePeople(fx.db, { force: true });
  const people = groups.map((g) => personOf(fx.db, g[0])!);
  return { ...fx, r, centres, groups, people };
}

test('the person the faces are most alike comes first; their own person is never offered', () => {
  const { db, groups, people } = library();
  for (let i = 0; i < 4; i++) {
    const ranked = peopleNearFaces(db, [groups[i][0]]);
    assert.ok(!ranked.some((n) => n.personId === people[i]), 'not the person the face is already in');
    assert.equal(ranked.length, 3);
    const d = ranked.map((n) => n.distance);
    assert.deepEqual(
      [...d].sort((a, b) => a - b),
      d,
      'nearest first',
    );
  }
});

test('an Unsorted face near person 2 ranks person 2 first, whatever their ids or sizes', () => {
  const { db, face, centres, people, r } = library();
  const stray = face(around(centres[2], 0.15, r));
  const ranked = peopleNearFaces(db, [stray]);
  assert.equal(ranked[0].personId, people[2]);
  assert.ok(ranked[0].distance < 0.4 && ranked[1].distance > 1);
});

test('several faces: a person is as near as the nearest pair between them', () => {
  const { db, face, centres, people, r } = library();
  const a = face(around(centres[1], 0.15, r));
  const b = face(randomCentre(r));
  const ranked = peopleNearFaces(db, [b, a]);
  assert.equal(ranked[0].personId, people[1]);
  assert.deepEqual(peopleNearFaces(db, [999_999]), [], 'unknown faces: nothing to rank');
});
