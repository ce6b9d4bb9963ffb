import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userLabelStats } from './label-stats';
import { applyThreshold, NotEnoughLabelsError, proposeThreshold } from './threshold-service';
import { DEFAULT_MATCH_THRESHOLD, getMatchThreshold } from '../space/thresholds';
import { checkTwoFaces } from './two-face';
import { seedLibrary, unitVector as u } from './testing/seed-library';

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} != ${b}`);
const chord = (angle: number) => 2 * Math.sin(angle / 2);

/**
 * P0: u(0,0), u(0,.2)   P1: u(1,0), u(1,.4)   P2: u(2,0); a machine guess and a rejected face that must not count;
 * an unlabelled face u(0,.9) marked "not P0", and a mark on a user-labelled face that adds nothing new.
 */
function library() {
  const lib = seedLibrary(3, [
    { descriptor: u(0, 0), person: 0 },
    { descriptor: u(0, 0.2), person: 0 },
    { descriptor: u(1, 0), person: 1 },
    { descriptor: u(1, 0.4), person: 1 },
    { descriptor: u(2, 0), person: 2 },
    { descriptor: u(3, 0), person: 0, by: 'machine' },
    { descriptor: u(4, 0), person: 1, rejected: true },
    { descriptor: u(0, 0.9), person: null },
  ]);
  const mark = lib.db.prepare('INSERT INTO not_person (face_id, person_id) VALUES (?, ?)');
  mark.run(lib.faceIds[7], lib.personIds[0]);
  mark.run(lib.faceIds[2], lib.personIds[0]);
  return lib;
}

describe('statistics of the user labels', () => {
  it('counts only user-labelled, non-rejected faces, plus "not this person" pairs', () => {
    const { db } = library();
    const m = userLabelStats(db, 'backbone');
    assert.equal(m.faces, 5);
    assert.equal(m.identities, 3);
    assert.equal(m.notPersonPairs, 2);
    const s = m.stats!;
    assert.equal(s.same.length, 2);
    near(s.same[0], chord(0.2));
    near(s.same[1], chord(0.4));
    assert.equal(s.diff.length, 10);
    near(s.diff[0], chord(0.7)); // u(0,.9) to u(0,.2)
    near(s.diff[1], chord(0.9)); // u(0,.9) to u(0,0)
    near(s.diff[2], Math.sqrt(2 - 2 * Math.sin(0.2) * Math.sin(0.4)));
    for (let i = 3; i < 10; i++) near(s.diff[i], Math.SQRT2);
  });
});

describe('facet threshold (propose, preview, apply)', () => {
  it('proposes the largest threshold within the target FAR and reports what it buys', () => {
    const { db } = library();
    const p = proposeThreshold(db, { far: 0.1, space: 'backbone' });
    assert.equal(p.pairs.same, 2);
    assert.equal(p.pairs.diff, 10);
    assert.equal(p.pairs.notPerson, 2);
    assert.equal(p.auc, 1);
    near(p.proposed.threshold, chord(0.9)); // just below the second "not P0" pair
    assert.equal(p.proposed.val, 1);
    assert.equal(p.proposed.far, 0.1);
    assert.equal(p.farResolution, 0.1);
    assert.deepEqual(p.current, {
      space: 'backbone',
      modelId: p.current.modelId,
      threshold: DEFAULT_MATCH_THRESHOLD,
      calibrated: false,
    });
    const ta = [chord(0.2), chord(0.4)].filter((d) => d <= DEFAULT_MATCH_THRESHOLD).length;
    assert.deepEqual(p.atCurrent, { val: ta / 2, far: 0, ta, fa: 0 });
    assert.equal(p.preview, null);
    const strict = proposeThreshold(db, { far: 0.05, space: 'backbone' });
    assert.equal(strict.proposed.far, 0);
    near(strict.proposed.threshold, chord(0.7));
    assert.equal(strict.proposed.fa, 0);
  });

  it('asks the people module for the preview at the proposed threshold', () => {
    const { db } = library();
    const asked: number[] = [];
    const p = proposeThreshold(db, {
      far: 0.1,
      preview: (_db, d) => (asked.push(d), { join: 3, leave: 1 }),
    });
    assert.deepEqual(asked, [p.proposed.threshold]);
    assert.deepEqual(p.preview, { join: 3, leave: 1 });
  });

  it('stores the threshold on the model version only when applied', () => {
    const { db, backboneId } = library();
    const p = proposeThreshold(db, { far: 0.1 });
    assert.equal(getMatchThreshold(db, 'adapted'), DEFAULT_MATCH_THRESHOLD);
    const r = applyThreshold(db, p, () => ({ assigned: 4, unassigned: 2 }));
    assert.deepEqual(r, { threshold: p.proposed.threshold, modelId: backboneId, assigned: 4, unassigned: 2 });
    assert.equal(getMatchThreshold(db, 'adapted'), p.proposed.threshold);
    assert.equal(getMatchThreshold(db, 'backbone'), p.proposed.threshold);
  });

  it('a failing reassignment leaves the stored threshold as it was', () => {
    const { db } = library();
    const p = proposeThreshold(db, { far: 0.1 });
    assert.throws(() =>
      applyThreshold(db, p, () => {
        throw new Error('boom');
      }),
    );
    assert.equal(getMatchThreshold(db, 'backbone'), DEFAULT_MATCH_THRESHOLD);
  });

  it('says what labels are missing instead of inventing a threshold', () => {
    const one = seedLibrary(1, [
      { descriptor: u(0, 0), person: 0 },
      { descriptor: u(0, 0.1), person: 0 },
    ]);
    assert.throws(() => proposeThreshold(one.db), NotEnoughLabelsError);
    assert.throws(() => proposeThreshold(one.db), /at least two people/);
    const none = seedLibrary(2, [
      { descriptor: u(0, 0), person: 0 },
      { descriptor: u(1, 0), person: 1 },
    ]);
    assert.throws(() => proposeThreshold(none.db), /two faces of one person/);
  });
});

describe('two-face check', () => {
  it('gives distance, verdict and place among the labelled pairs', () => {
    const { db, faceIds } = library();
    const same = checkTwoFaces(db, faceIds[0], faceIds[1], { space: 'backbone' });
    near(same.distance, chord(0.2));
    assert.equal(same.verdict, 'same person');
    assert.equal(same.threshold, DEFAULT_MATCH_THRESHOLD);
    assert.equal(same.calibrated, false);
    assert.deepEqual(same.amongSame, { pairs: 2, percentile: 0.25 });
    assert.deepEqual(same.amongDifferent, { pairs: 10, percentile: 0 });
    const diff = checkTwoFaces(db, faceIds[0], faceIds[4]);
    near(diff.distance, Math.SQRT2);
    assert.equal(diff.verdict, 'different people');
    assert.deepEqual(diff.amongSame, { pairs: 2, percentile: 1 });
    assert.deepEqual(diff.amongDifferent, { pairs: 10, percentile: 0.65 });
    assert.deepEqual(diff.faces[1], { id: faceIds[4], personId: diff.faces[1].personId, assignedBy: 'user' });
  });

  it('names a face that does not exist', () => {
    const { db, faceIds } = library();
    assert.throws(() => checkTwoFaces(db, faceIds[0], 999), /no face with id 999/);
  });
});
