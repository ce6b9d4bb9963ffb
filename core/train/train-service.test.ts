import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { updatePeople } from '../people/update-people';
import { syntheticFaces } from '../verify/synthetic-faces';
import { seedLibrary, type SeededFace } from '../verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../vision/types';
import { loadMatchingSpace } from '../space/matching-space';
import { toyFaces } from './testing/toy-faces';
import { activateVersion, NotEnoughLabelsError, rollbackVersion, trainFromLabels, UNSEEN_FOLDS } from './train-service';
import { getHeadVersion, listHeadVersions } from '../space/versions-repo';

// A quick, aggressive setting so that each test trains in seconds; the gate must still judge it.
const FAST = { learningRate: 3e-3, mu: 0, maxSteps: 120, patience: 40 };

function library(kind: 'shared' | 'private', extra: SeededFace[] = [], noise?: number, perPerson = 8) {
  const { vectors, labels } = toyFaces({ kind, people: 9, perPerson, noise });
  const faces: SeededFace[] = Array.from(labels, (p, i) => ({
    descriptor: vectors.slice(i * D, (i + 1) * D),
    person: p,
  }));
  return seedLibrary(9, [...faces, ...extra]);
}

const userLabels = (db: Database) =>
  db.prepare(`SELECT id, person_id, assigned_by FROM faces WHERE assigned_by = 'user' ORDER BY id`).all();

test('a version that names new photos better without naming more strangers is activated, with its threshold and gate figures', async () => {
  // 12 faces a person: enough held-out strangers in each fold to show the version names none of them
  const { db } = library('shared', [], 0.08, 12);
  const labelsBefore = userLabels(db);
  const r = await trainFromLabels(db, { settings: FAST });
  assert.ok(r.after.valAtFar1e3 > r.before.valAtFar1e3 && r.after.auc > r.before.auc, JSON.stringify(r));
  assert.equal(r.activated, true, r.reason);
  const space = loadMatchingSpace(db);
  assert.equal(space.versionId, r.version);
  assert.equal(space.threshold, r.threshold);
  const v = getHeadVersion(db, r.version)!;
  const gate = v.metrics.gate as {
    naming: { pass: boolean; recallGain: { low: number }; fpirRise: { low: number }; strangerCap: number };
    unseen: { folds: unknown[] };
  };
  assert.equal(gate.naming.pass, true);
  assert.ok(gate.naming.recallGain.low > 0 && gate.naming.fpirRise.low <= 0, JSON.stringify(gate.naming));
  assert.ok(r.naming!.after.recall > r.naming!.before.recall);
  // the deployed threshold is capped by real strangers' distances in the heads that never saw them
  assert.ok(r.threshold <= gate.naming.strangerCap, `${r.threshold} > cap ${gate.naming.strangerCap}`);
  assert.equal(gate.unseen.folds.length, UNSEEN_FOLDS);
  assert.ok((v.metrics.lossCurve as unknown[]).length > 0);
  assert.equal(v.parentId, null);
  assert.deepEqual(userLabels(db), labelsBefore, 'user labels untouched');

  // Rollback to no version, then activate it again by id.
  assert.equal(rollbackVersion(db).active, null);
  assert.equal(loadMatchingSpace(db).versionId, null);
  activateVersion(db, r.version);
  assert.equal(loadMatchingSpace(db).versionId, r.version);
  // A second training has the active version as its parent; trained harmonically, it says so and measures
  // whether it stayed comparable with that parent (new embeddings against the parent's).
  const r2 = await trainFromLabels(db, { settings: { ...FAST, compatibleWithParent: true } });
  assert.equal(r2.parent, r.version);
  const v2 = getHeadVersion(db, r2.version)!;
  assert.equal(v2.parentId, r.version);
  const c = v2.metrics.compatibility as {
    mixedWithParent: boolean;
    parentId: number;
    crossVersion: { valAtFar1e3: number };
    parentOwn: { valAtFar1e3: number };
    holds: boolean;
  };
  assert.equal(c.mixedWithParent, true);
  assert.equal(c.parentId, r.version);
  assert.ok(Number.isFinite(c.crossVersion.valAtFar1e3));
  assert.equal(c.holds, c.crossVersion.valAtFar1e3 >= c.parentOwn.valAtFar1e3 - 0.02);
  assert.equal(c.holds, true, JSON.stringify(c));
});

test('a version that helps the labelled people but names strangers it did not train on is NOT activated', async () => {
  const { db } = library('private');
  const r = await trainFromLabels(db, { settings: FAST });
  assert.ok(r.after.valAtFar1e3 > r.before.valAtFar1e3, 'it does help the labelled people');
  assert.ok(r.unseen.after.auc < r.unseen.before.auc, 'and hurts unseen ones');
  assert.equal(r.activated, false);
  assert.match(r.reason, /names more strangers, beyond noise/);
  assert.ok(r.naming!.after.fpir > r.naming!.before.fpir && r.naming!.fpirRise.low > 0, JSON.stringify(r.naming));
  assert.equal(loadMatchingSpace(db).versionId, null, 'matching stays in the backbone space');
  const [v] = listHeadVersions(db);
  assert.equal(v.id, r.version, 'the rejected version is kept, inactive, for the record');
  assert.equal(v.active, false);
});

test('machine guesses never train and too few labels are refused clearly', async () => {
  const { vectors } = toyFaces({ kind: 'shared', people: 9, perPerson: 8 });
  // Two user labels of two people, and 60 machine guesses: not enough to train.
  const faces: SeededFace[] = Array.from({ length: 62 }, (_, i) => ({
    descriptor: vectors.slice(i * D, (i + 1) * D),
    person: i % 2,
    by: i < 2 ? 'user' : 'machine',
  }));
  const { db } = seedLibrary(2, faces);
  await assert.rejects(trainFromLabels(db, { settings: FAST }), NotEnoughLabelsError);
  assert.equal(listHeadVersions(db).length, 0, 'nothing written');
});

test('clustering of unlabelled faces is identical before and after a version is activated', async () => {
  // Unlabelled faces of 5 other people (never labelled, tight enough to cluster) beside the 9 labelled ones.
  const other = syntheticFaces({ identities: 5, perIdentity: 6, spread: 0.02, seed: 99 });
  const extra: SeededFace[] = Array.from(other.labels, (_, i) => ({
    descriptor: other.vectors.slice(i * D, (i + 1) * D),
    person: null,
  }));
  const { db, faceIds, personIds } = library('shared', extra, 0.03);
  const unlabelledIds = new Set(faceIds.slice(72));
  const labelledPeople = new Set(personIds);
  /** Faces of unlabelled people that k-NN matching gave to a LABELLED person (matching, not clustering). */
  const claimed = () =>
    (
      db.prepare(`SELECT id, person_id FROM faces WHERE assigned_by = 'machine'`).all() as {
        id: number;
        person_id: number;
      }[]
    )
      .filter((r) => unlabelledIds.has(r.id) && labelledPeople.has(r.person_id))
      .map((r) => r.id);
  /** The clusters the unlabelled faces form, over the faces in `keep`. */
  type Rows = { id: number; person_id: number | null }[];
  const snapshot = () => db.prepare(`SELECT id, person_id FROM faces`).all() as Rows;
  const partition = (rows: Rows, keep: Set<number>) => {
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      if (!keep.has(r.id)) continue;
      const key = r.person_id === null ? `unsorted-${r.id}` : String(r.person_id);
      groups.set(key, [...(groups.get(key) ?? []), r.id]);
    }
    return [...groups.values()].map((g) => g.sort((a, b) => a - b).join(',')).sort();
  };
  updatePeople(db, { force: true });
  assert.deepEqual(claimed(), []);
  const beforeRows = snapshot();
  const before = partition(beforeRows, unlabelledIds);
  assert.ok(before.filter((g) => g.includes(',')).length === 5, 'the unlabelled faces formed their 5 clusters');
  const r = await trainFromLabels(db, { settings: FAST });
  activateVersion(db, r.version); // whatever the gate said: the point is what activation does
  assert.equal(loadMatchingSpace(db).versionId, r.version);
  updatePeople(db, { force: true });
  // Matching in the adapted space took no unlabelled face into a labelled person (labelled people are tight
  // here), and clustering reads the backbone descriptors only: the same clusters, face for face.
  assert.deepEqual(claimed(), []);
  assert.deepEqual(partition(snapshot(), unlabelledIds), before);
});
