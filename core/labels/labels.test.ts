import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { exportLabels } from './export-labels';
import { importLabels } from './import-labels';
import { parseLabelsFile, LabelsFileError } from './labels-format';
import { addPerson, label, labelSnapshot, seedPhotos, type SeedPhoto } from './testing/seed-library';
import { runFacet } from '../safety/testing/spawn';
import { tempDir } from '../safety/testing/temp-dir';

const PHOTOS: SeedPhoto[] = [
  {
    path: '/old/lib/2019/beach.jpg',
    hash: 'h-beach',
    width: 4000,
    height: 3000,
    boxes: [
      { x: 100, y: 200, w: 300, h: 300 },
      { x: 1500, y: 400, w: 280, h: 300 },
      { x: 3000, y: 900, w: 200, h: 220 },
    ],
  },
  {
    path: '/old/lib/2020/party.jpg',
    hash: 'h-party',
    width: 1200,
    height: 800,
    boxes: [{ x: 50, y: 60, w: 90, h: 100 }],
  },
  { path: '/old/lib/unlabelled.jpg', hash: 'h-none', width: 640, height: 480, boxes: [{ x: 5, y: 5, w: 50, h: 50 }] },
];

function labelledLibrary(file: string) {
  const db = openDatabase(file);
  const [beach, party, none] = seedPhotos(db, '/old/lib', PHOTOS);
  const ada = addPerson(db, 'Ada Lovelace');
  const zoe = addPerson(db, 'Zoë 张');
  const unnamed = addPerson(db, null);
  const guessed = addPerson(db, 'Only a guess');
  label(db, beach[0], ada);
  label(db, party[0], ada);
  label(db, beach[1], zoe);
  label(db, none[0], guessed, 'machine'); // a machine guess is not a label: not exported
  label(db, beach[2], unnamed);
  db.prepare('UPDATE faces SET rejected = 1 WHERE id = ?').run(beach[2]);
  db.prepare('INSERT INTO not_person (face_id, person_id) VALUES (?, ?)').run(beach[1], ada);
  return db;
}

test('labels survive a rebuilt database and a moved library: export -> new database -> import', () => {
  const dir = tempDir();
  const db1 = labelledLibrary(path.join(dir, 'a.db'));
  const before = labelSnapshot(db1);
  const doc = exportLabels(db1);
  db1.close();
  assert.equal(doc.photos.length, 2, 'only photos with labels are exported');
  assert.ok(!doc.people.some((p) => p.name === 'Only a guess'));

  // The library moved to another disk and was scanned again: new paths, new ids, other face order, the
  // detector's boxes a few pixels off.
  const db2 = openDatabase(path.join(dir, 'b.db'));
  const moved = [...PHOTOS].reverse().map((p) => ({
    ...p,
    path: p.path.replace('/old/lib', '/Volumes/New Disk/Photos'),
    boxes: [...p.boxes].reverse().map((b) => ({ x: b.x + 6, y: b.y - 5, w: b.w - 4, h: b.h + 8 })),
  }));
  seedPhotos(db2, '/Volumes/New Disk/Photos', moved);
  const text = JSON.stringify(doc);
  const report = importLabels(db2, parseLabelsFile(text));
  assert.deepEqual(labelSnapshot(db2), before);
  assert.equal(report.photosMatched, 2);
  assert.equal(report.facesUnmatched, 0);
  assert.equal(report.peopleCreated, 3);
  // Importing again changes nothing and creates nobody.
  const again = importLabels(db2, parseLabelsFile(text));
  assert.equal(again.peopleCreated, 0);
  assert.deepEqual(labelSnapshot(db2), before);
  db2.close();
});

test('import matches by path when the content changed, and never overwrites a user label', () => {
  const dir = tempDir();
  const db1 = labelledLibrary(path.join(dir, 'a.db'));
  const doc = exportLabels(db1);
  db1.close();
  const db2 = openDatabase(path.join(dir, 'b.db'));
  // beach.jpg was re-saved by an editor (new hash, same path); party.jpg is not in this library at all.
  const [beach] = seedPhotos(db2, '/old/lib', [{ ...PHOTOS[0], hash: 'h-beach-edited' }]);
  const grace = addPerson(db2, 'Grace');
  label(db2, beach[0], grace); // the user already said this face is Grace here
  const r = importLabels(db2, doc);
  assert.equal(r.photosMatched, 1);
  assert.equal(r.photosMissing, 1);
  assert.equal(r.conflicts, 1);
  const nameOf = (faceId: number) =>
    db2.prepare('SELECT p.name FROM faces f JOIN people p ON p.id = f.person_id WHERE f.id = ?').pluck().get(faceId);
  assert.equal(nameOf(beach[0]), 'Grace', 'the existing user label is kept');
  assert.equal(nameOf(beach[1]), 'Zoë 张');
  db2.close();
});

test('a face with no detected counterpart is reported, not forced onto another face', () => {
  const dir = tempDir();
  const db1 = labelledLibrary(path.join(dir, 'a.db'));
  const doc = exportLabels(db1);
  db1.close();
  const db2 = openDatabase(path.join(dir, 'b.db'));
  seedPhotos(db2, '/x', [{ ...PHOTOS[1], boxes: [{ x: 600, y: 400, w: 90, h: 100 }] }]);
  const r = importLabels(db2, doc);
  assert.equal(r.facesUnmatched, 1);
  assert.equal(r.facesLabelled, 0);
  assert.equal(r.peopleCreated, 0, 'nobody is created for labels that did not land');
  db2.close();
});

test('a damaged or foreign labels file is refused with where the problem is, and nothing changes', () => {
  assert.throws(() => parseLabelsFile('{"format":"facet-labels"', 'x.json'), /x.json is not JSON/);
  assert.throws(() => parseLabelsFile('{"format":"lightroom"}'), LabelsFileError);
  const bad = {
    format: 'facet-labels',
    version: 1,
    exportedAt: '',
    people: [],
    photos: [
      { hash: null, path: '/a', width: 10, height: 10, faces: [{ box: { x: 0, y: 0, w: 1, h: 1 }, person: 'p9' }] },
    ],
  };
  assert.throws(() => parseLabelsFile(JSON.stringify(bad)), /photos\.0\.faces\.0: unknown person key p9/);
  assert.throws(() => parseLabelsFile(JSON.stringify({ ...bad, version: 99 })), /version/);
});

test('facet labels export / import from the command line', () => {
  const dir = tempDir();
  const a = path.join(dir, 'a.db');
  labelledLibrary(a).close();
  const out = path.join(dir, 'labels.json');
  const ex = runFacet(['labels', 'export', '--db', a, '-o', out]);
  assert.equal(ex.status, 0, ex.stderr);
  const b = path.join(dir, 'b.db');
  const db2 = openDatabase(b);
  seedPhotos(db2, '/old/lib', PHOTOS);
  db2.close();
  const im = runFacet(['labels', 'import', out, '--db', b]);
  assert.equal(im.status, 0, im.stderr);
  assert.match(im.stdout, /4 faces labelled/);
  const check = openDatabase(b);
  const snap = labelSnapshot(check);
  check.close();
  const orig = openDatabase(a);
  assert.deepEqual(snap, labelSnapshot(orig));
  orig.close();
});
