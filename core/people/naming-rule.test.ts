import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { setMatchThreshold } from '../space/thresholds';
import { namingCalibration } from './assignment';
import { SETTING_NAMING_RULE, SETTING_TARGET_FPIR } from './defaults';
import { calibrateNaming, lopoSamples, MIN_CALIBRATION_SAMPLES, normalQuantile } from './naming-rule';
import { moveFaces } from './operations';
import { setSetting } from './people-repo';
import { suggestPeople } from './suggestions';
import { around, fixtureDb, personOf, randomCentre, rng } from './testing/fixture-db';
import { updatePeople } from './update-people';

/** The name of the person holding a face (null: Unsorted or an unnamed machine cluster). */
const nameOf = (db: Database, faceId: number) =>
  (
    db
      .prepare('SELECT p.name AS name FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?')
      .get(faceId) as {
      name: string | null;
    }
  ).name;

test('normalQuantile matches the standard normal table', () => {
  assert.ok(Math.abs(normalQuantile(0.01) + 2.326348) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(normalQuantile(1e-3) + 3.090232) < 1e-5);
  assert.throws(() => normalQuantile(0), RangeError);
});

test('leave-one-person-out: each face against the nearest other person, and the ratio to a third', () => {
  // 2-D points: A at (0,0) and (0,0.1), B at (1,0), C at (3,0)
  const v = Float32Array.from([0, 0, 0, 0.1, 1, 0, 3, 0]);
  const persons = Int32Array.from([1, 1, 2, 3]);
  const s = lopoSamples(v, persons, 2);
  const near = Array.from(s.nearest, (x) => +x.toFixed(4));
  const ratio = Array.from(s.ratio, (x) => +x.toFixed(4));
  assert.deepEqual(near, [1, +Math.hypot(1, 0.1).toFixed(4), 1, 2]);
  // A(0,0): B at 1, C at 3; B: A at 1, C at 2; C: B at 2, A at 3
  assert.deepEqual(ratio, [
    +(1 / 3).toFixed(4),
    +(Math.hypot(1, 0.1) / Math.hypot(3, 0.1)).toFixed(4),
    0.5,
    +(2 / 3).toFixed(4),
  ]);
});

test('one named person, or too few samples: the pair threshold decides', () => {
  const one = calibrateNaming(new Float32Array(4), Int32Array.from([1, 1]), 2, { pairThreshold: 0.4 });
  assert.deepEqual([one.source, one.threshold, one.samples], ['pair', 0.4, 0]);
  const few = new Float32Array((MIN_CALIBRATION_SAMPLES - 1) * 2).map((_, i) => i);
  const persons = Int32Array.from({ length: MIN_CALIBRATION_SAMPLES - 1 }, (_, i) => i);
  assert.equal(calibrateNaming(few, persons, 2, { pairThreshold: 0.4 }).source, 'pair');
});

test('enough samples: the threshold is mean + z(FPIR)·sd of the LOPO distances, never above the pair threshold', () => {
  // 40 people on a line, one face each, 1 apart: every LOPO distance is 1 (sd 0) except the ends (also 1)
  const n = 40;
  const v = new Float32Array(n * 2).map((_, i) => (i % 2 === 0 ? i / 2 : 0));
  const persons = Int32Array.from({ length: n }, (_, i) => i);
  const cal = calibrateNaming(v, persons, 2, { pairThreshold: 5 });
  assert.equal(cal.source, 'lopo');
  assert.equal(cal.samples, n);
  assert.ok(Math.abs(cal.threshold - 1) < 1e-6, `threshold ${cal.threshold}`);
  assert.equal(calibrateNaming(v, persons, 2, { pairThreshold: 0.5 }).threshold, 0.5);
});

/**
 * 12 named people whose centres sit ~0.85 apart (a crowded gallery: look-alikes), 3 labelled faces each; the pair
 * threshold is loose (1.0). Ten strangers drawn the same way sit within the pair threshold of named faces; a new photo
 * of a named person (0.1 away) is named by both rules.
 */
function crowdedLibrary() {
  const fx = fixtureDb();
  const r = rng(7);
  const base = randomCentre(r);
  const centres = Array.from({ length: 12 }, () => around(base, 0.6, r));
  const labelled = centres.map((c) => Array.from({ length: 3 }, () => fx.face(around(c, 0.1, r))));
  labelled.forEach((ids, i) => moveFaces(fx.db, ids, { name: `P${i}` }));
  updatePeople(fx.db);
  const backbone = (fx.db.prepare(`SELECT id FROM models WHERE kind = 'backbone'`).get() as { id: number }).id;
  setMatchThreshold(fx.db, backbone, 1.0);
  const mate = fx.face(around(centres[0], 0.1, r));
  // strangers drawn like the named people: what leave-one-person-out stands in for
  const strangers = Array.from({ length: 10 }, () => fx.face(around(around(base, 0.6, r), 0.1, r)));
  return { ...fx, labelled, mate, strangers };
}

test('the calibrated rule names a new photo of a named person and refuses the strangers the pair rule names', () => {
  const lib = crowdedLibrary();
  const cal = namingCalibration(lib.db);
  assert.equal(cal.source, 'lopo');
  assert.ok(cal.threshold < 1.0, `calibrated ${cal.threshold} should be tighter than the pair threshold 1.0`);
  updatePeople(lib.db);
  assert.equal(personOf(lib.db, lib.mate), personOf(lib.db, lib.labelled[0][0]));
  assert.deepEqual(
    lib.strangers.map((f) => nameOf(lib.db, f)),
    lib.strangers.map(() => null),
  );

  const old = crowdedLibrary();
  setSetting(old.db, SETTING_NAMING_RULE, 'pair');
  updatePeople(old.db);
  assert.equal(personOf(old.db, old.mate), personOf(old.db, old.labelled[0][0]));
  const named = old.strangers.filter((f) => nameOf(old.db, f) !== null).length;
  assert.ok(named >= 5, `the pair rule names ${named}/10 strangers (what the new rule fixes)`);
});

test('suggestions mark whether the rule would name the face: a mate yes, a stranger never', () => {
  const lib = crowdedLibrary();
  const [mate] = suggestPeople(lib.db, { faceIds: [lib.mate] });
  assert.equal(mate.people[0].personId, personOf(lib.db, lib.labelled[0][0]));
  assert.equal(mate.people[0].withinRule, true);
  for (const s of suggestPeople(lib.db, { faceIds: lib.strangers })) {
    assert.ok(s.people.length > 0, 'the nearest people are still offered');
    assert.ok(
      s.people.every((p) => !p.withinRule),
      `stranger ${s.faceId}: ${JSON.stringify(s.people)}`,
    );
  }
});

test('the calibration is reused while the labelled set, space and settings stay, and redone when any changes', () => {
  const lib = crowdedLibrary();
  const first = namingCalibration(lib.db);
  // a scan batch adds unlabelled faces and machine guesses: the same calibration object, not a recomputation
  lib.face(randomCentre(rng(3)));
  updatePeople(lib.db);
  assert.equal(namingCalibration(lib.db), first);
  // a new user label changes the gallery
  moveFaces(lib.db, [lib.mate], personOf(lib.db, lib.labelled[0][0])!);
  const relabelled = namingCalibration(lib.db);
  assert.notEqual(relabelled, first);
  assert.equal(relabelled.samples, first.samples + 1, 'one more labelled face acting as a stranger');
  // a setting change (target FPIR) misses too
  setSetting(lib.db, SETTING_TARGET_FPIR, '0.05');
  const looser = namingCalibration(lib.db);
  assert.notEqual(looser, relabelled);
  assert.ok(looser.threshold >= relabelled.threshold);
});
