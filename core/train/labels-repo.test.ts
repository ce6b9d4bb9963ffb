import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedLibrary, unitVector } from '../verify/testing/seed-library';
import { negativeOnlyLabel } from './batch-sampler';
import { loadLabelledLibrary } from './labels-repo';

test('only user labels train; "not this person" marks become negatives for that person only', () => {
  const { db, faceIds, personIds } = seedLibrary(3, [
    { descriptor: unitVector(0), person: 0 },
    { descriptor: unitVector(1), person: 0 },
    { descriptor: unitVector(2), person: 1 },
    { descriptor: unitVector(3), person: 1, by: 'machine' }, // a machine guess: never trains
    { descriptor: unitVector(4), person: null }, // unsorted, marked "not person 0"
    { descriptor: unitVector(5), person: 1, rejected: true }, // not a face
    { descriptor: unitVector(6), person: null }, // marked "not person 2", who has no user label
  ]);
  const mark = db.prepare('INSERT INTO not_person (face_id, person_id) VALUES (?, ?)');
  mark.run(faceIds[4], personIds[0]);
  mark.run(faceIds[2], personIds[0]); // a labelled face of person 1 marked "not person 0": redundant, harmless
  mark.run(faceIds[0], personIds[0]); // contradicts the user's own label: ignored
  mark.run(faceIds[6], personIds[2]);
  const lib = loadLabelledLibrary(db);
  assert.equal(lib.labelled, 3);
  assert.deepEqual(Array.from(lib.faceIds), [faceIds[0], faceIds[1], faceIds[2], faceIds[4]]);
  const p0 = lib.data.labels[0];
  assert.equal(lib.data.labels[1], p0);
  assert.notEqual(lib.data.labels[2], p0);
  assert.equal(lib.data.labels[3], -1, 'the unsorted face is no one: only a negative');
  assert.equal(lib.personIds[p0], personIds[0]);
  const marks = Array.from(lib.data.extraNegatives.faces, (row, i) => [row, lib.data.extraNegatives.people[i]]);
  assert.deepEqual(marks, [
    [2, p0],
    [3, p0],
  ]);
  assert.ok(negativeOnlyLabel(p0) < 0);
  // The descriptor rows are the faces' own.
  assert.equal(lib.data.vectors[3 * 128 + 4], 1);
});
