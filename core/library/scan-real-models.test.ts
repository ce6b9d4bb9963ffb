// The scanner with the real networks (createFaceAnalyzer) on face-api's demo photos (22 faces in 6 photos):
// every face found, the same descriptors in another process, rotated phone photos (EXIF orientation 6 and 8) give the same faces, a re-scan runs no
// inference, a rename keeps faces and labels, a deletion removes them, bad files are recorded with their
// errors while the rest completes, and `facet scan` + `facet export --json` work as child processes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { openDatabase, type Database } from '../db/connection';
import { facesOfPhoto, iou, type FaceRow } from '../db/faces-repo';
import { countPhotos, getPhotoByPath, listPhotoErrors } from '../db/photos-repo';
import { createFaceAnalyzer } from '../vision/index';
import type { FaceAnalyzer } from '../vision/types';
import { scanFolders } from './scan';

const REPO = path.resolve(__dirname, '../..');
const SAMPLES = path.join(REPO, 'node_modules/@vladmandic/face-api/demo');
const FACES_PER_SAMPLE = [3, 3, 3, 4, 5, 4];

let analyzer: FaceAnalyzer;
let calls = 0;
const counting: FaceAnalyzer = {
  get runtime() {
    return analyzer.runtime;
  },
  analyze(image, options) {
    calls++;
    return analyzer.analyze(image, options);
  },
  dispose: async () => undefined,
};
let dir: string;
let root: string;
let db: Database;

before(async () => {
  analyzer = await createFaceAnalyzer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-real-'));
  root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  for (let i = 1; i <= 6; i++) fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(root, `sample${i}.jpg`));
  const good = fs.readFileSync(path.join(SAMPLES, 'sample1.jpg'));
  fs.mkdirSync(path.join(root, 'broken'));
  fs.writeFileSync(path.join(root, 'broken', 'zero.jpg'), Buffer.alloc(0));
  fs.writeFileSync(path.join(root, 'broken', 'text.jpg'), 'not a photo, just text\n');
  fs.writeFileSync(path.join(root, 'broken', 'truncated.jpg'), good.subarray(0, 30_000));
  const corrupt = Buffer.from(good);
  for (let i = 600; i < corrupt.length; i += 97) corrupt[i] = (corrupt[i] * 7 + 13) & 255;
  fs.writeFileSync(path.join(root, 'broken', 'corrupt.jpg'), corrupt);
  db = openDatabase(path.join(dir, 'library.db'));
});

after(async () => {
  db?.close();
  await analyzer?.dispose();
});

const facesOf = (file: string): FaceRow[] => facesOfPhoto(db, getPhotoByPath(db, file)!.id);

test('every face of the demo photos is found, in the photo, with a unit-length descriptor; bad files are errors', async () => {
  const s = await scanFolders(db, [root], { analyzer: counting });
  assert.equal(s.analysed, 6);
  assert.equal(s.facesFound, 22);
  assert.equal(s.errors, 4);
  assert.equal(calls, 6, 'broken files never reach the analyzer');
  for (let i = 1; i <= 6; i++) {
    const file = path.join(root, `sample${i}.jpg`);
    const photo = getPhotoByPath(db, file)!;
    const faces = facesOf(file);
    assert.equal(faces.length, FACES_PER_SAMPLE[i - 1], `faces in sample${i}`);
    for (const f of faces) {
      assert.ok(f.box.x >= -1 && f.box.y >= -1, 'box inside the photo');
      assert.ok(f.box.x + f.box.w <= photo.width! + 1 && f.box.y + f.box.h <= photo.height! + 1);
      assert.ok(f.box.w > 40 && f.box.h > 40, 'boxes are in original pixels (1920 px wide photos)');
      const norm = Math.hypot(...f.descriptor);
      assert.ok(Math.abs(norm - 1) < 1e-4, `unit length, got ${norm}`);
      // landmarks are in the same pixels as the box: the centre of the eyes (points 36-47) lies inside it
      let ex = 0;
      let ey = 0;
      for (let k = 36; k < 48; k++) {
        ex += f.landmarks![2 * k] / 12;
        ey += f.landmarks![2 * k + 1] / 12;
      }
      assert.ok(ex > f.box.x && ex < f.box.x + f.box.w && ey > f.box.y && ey < f.box.y + f.box.h, 'eyes in box');
    }
  }
  const errors = new Map(listPhotoErrors(db).items.map((e) => [path.basename(e.path), e.error]));
  assert.match(errors.get('zero.jpg')!, /^empty:/);
  assert.match(errors.get('text.jpg')!, /^not-an-image:/);
  assert.match(errors.get('truncated.jpg')!, /^truncated:/);
  assert.match(errors.get('corrupt.jpg')!, /^(corrupt|truncated):/);
});

test('a re-scan of the unchanged folder runs no inference', async () => {
  const before = calls;
  const s = await scanFolders(db, [root], { analyzer: counting });
  assert.equal(calls - before, 0);
  assert.equal(s.unchanged, 10);
});

test('a renamed photo keeps its faces and the user label; a deleted one loses its faces', async () => {
  const file = path.join(root, 'sample2.jpg');
  const faces = facesOf(file);
  const person = Number(db.prepare("INSERT INTO people (name, created_at) VALUES ('Ada', 0)").run().lastInsertRowid);
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(person, faces[0].id);
  const renamed = path.join(root, 'holiday 2016.jpg');
  fs.renameSync(file, renamed);
  const gone = getPhotoByPath(db, path.join(root, 'sample3.jpg'))!;
  fs.unlinkSync(path.join(root, 'sample3.jpg'));
  const before = calls;
  const s = await scanFolders(db, [root], { analyzer: counting });
  assert.equal(calls - before, 0);
  assert.equal(s.moved, 1);
  assert.equal(s.removed, 1);
  const moved = facesOf(renamed);
  assert.deepEqual(
    moved.map((f) => f.id),
    faces.map((f) => f.id),
  );
  const labelled = moved.find((f) => f.id === faces[0].id)!;
  assert.equal(labelled.personId, person);
  assert.equal(labelled.assignedBy, 'user');
  assert.equal(facesOfPhoto(db, gone.id).length, 0);
  assert.equal(countPhotos(db).total, 9);
});

test('a phone photo stored rotated with EXIF orientation 6 or 8 gives the same faces as the upright one', async () => {
  const upright = path.join(root, 'sample4.jpg');
  const rotDir = path.join(dir, 'rotated');
  fs.mkdirSync(rotDir);
  // Orientation 6 displays the stored pixels turned 90 degrees clockwise, 8 counter-clockwise: store the inverse.
  await sharp(upright)
    .rotate(270)
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toFile(path.join(rotDir, 'o6.jpg'));
  await sharp(upright)
    .rotate(90)
    .withMetadata({ orientation: 8 })
    .jpeg({ quality: 95 })
    .toFile(path.join(rotDir, 'o8.jpg'));
  await scanFolders(db, [rotDir], { analyzer: counting });
  const reference = facesOf(upright);
  const meta = getPhotoByPath(db, upright)!;
  for (const name of ['o6.jpg', 'o8.jpg']) {
    const photo = getPhotoByPath(db, path.join(rotDir, name))!;
    assert.equal(photo.width, meta.width, `${name}: width as displayed`);
    assert.equal(photo.height, meta.height);
    const faces = facesOf(path.join(rotDir, name));
    assert.equal(faces.length, reference.length, `${name}: same number of faces`);
    for (const ref of reference) {
      const best = faces.reduce((a, b) => (iou(a.box, ref.box) >= iou(b.box, ref.box) ? a : b));
      assert.ok(iou(best.box, ref.box) > 0.7, `${name}: box IoU ${iou(best.box, ref.box).toFixed(2)}`);
      let d = 0;
      for (let k = 0; k < 128; k++) d += (best.descriptor[k] - ref.descriptor[k]) ** 2;
      assert.ok(Math.sqrt(d) < 0.25, `${name}: descriptor distance ${Math.sqrt(d).toFixed(3)}`);
    }
  }
});

test('`facet scan` then `facet export --json` in child processes give the documented format', () => {
  const cliDir = path.join(dir, 'cli');
  fs.mkdirSync(cliDir);
  fs.copyFileSync(path.join(SAMPLES, 'sample1.jpg'), path.join(cliDir, 'a.jpg'));
  fs.writeFileSync(path.join(cliDir, 'bad.jpg'), 'text');
  const dbFile = path.join(dir, 'cli.db');
  const facet = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'core/library/testing/facet-cli.ts'), ...args], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  facet('scan', cliDir, '--db', dbFile);
  const doc = JSON.parse(facet('export', '--json', '--db', dbFile));
  assert.deepEqual(Object.keys(doc), ['photos', 'faces', 'people']);
  assert.equal(doc.photos.length, 2);
  for (const p of doc.photos) assert.deepEqual(Object.keys(p), ['id', 'path', 'width', 'height', 'takenAt', 'error']);
  const good = doc.photos.find((p: { path: string }) => p.path.endsWith('a.jpg'));
  assert.equal(good.width, 1920);
  assert.equal(good.error, null);
  assert.match(doc.photos.find((p: { path: string }) => p.path.endsWith('bad.jpg')).error, /^not-an-image:/);
  assert.equal(doc.faces.length, 3);
  for (const f of doc.faces) {
    assert.deepEqual(Object.keys(f), [
      'id',
      'photoId',
      'path',
      'box',
      'score',
      'landmarks',
      'personId',
      'personName',
      'embedding',
    ]);
    assert.deepEqual(Object.keys(f.box), ['x', 'y', 'w', 'h']);
    assert.equal(f.photoId, good.id);
    assert.equal(f.path, good.path);
    assert.equal(f.embedding.length, 128);
    assert.equal(f.landmarks.length, 136);
    assert.ok(f.score >= 0.5 && f.score <= 1);
  }
  for (const p of doc.people) assert.deepEqual(Object.keys(p), ['id', 'name']);
  // Deterministic: the child process found the same faces with the same descriptors as this process did.
  const here = facesOf(path.join(root, 'sample1.jpg'));
  for (const f of doc.faces) {
    const same = here.find((h) => iou(h.box, f.box) > 0.99);
    assert.ok(same, 'same box in both processes');
    assert.deepEqual(Float32Array.from(f.embedding), same.descriptor);
  }
  const status = JSON.parse(facet('status', '--json', '--db', dbFile));
  assert.equal(status.photos, 2);
  assert.equal(status.faces, 3);
  assert.equal(status.errorsByKind['not-an-image'], 1);
  assert.ok(status.runtime.name && status.runtime.reason, 'status says which runtime ran and why');
});
