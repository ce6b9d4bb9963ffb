// The scanner's bookkeeping with a counting stand-in analyzer (fast): incremental re-scan, moves that keep
// labels, removals, per-file errors, unsupported formats, hidden folders, symlink loops, cancel and resume.
// The same behaviours with the real networks are in scan-real-models.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, type Database } from '../db/connection';
import { facesOfPhoto } from '../db/faces-repo';
import { countPhotos, getPhotoByPath, listPhotoErrors } from '../db/photos-repo';
import { scanFolders, ScanInputError } from './scan';
import { createFakeAnalyzer } from './testing/fake-analyzer';
import { writeTestJpeg } from './testing/test-images';

function tempLibrary(): { dir: string; db: Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-scan-'));
  fs.mkdirSync(path.join(dir, 'photos'));
  return { dir, db: openDatabase(path.join(dir, 'library.db')) };
}

async function writePhotos(root: string, n: number, from = 0): Promise<string[]> {
  const files: string[] = [];
  for (let i = from; i < from + n; i++) {
    const f = path.join(root, `img${i}.jpg`);
    await writeTestJpeg(f, i);
    files.push(f);
  }
  return files;
}

function labelFace(db: Database, faceId: number, name: string): number {
  const person = Number(db.prepare('INSERT INTO people (name, created_at) VALUES (?, 0)').run(name).lastInsertRowid);
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(person, faceId);
  return person;
}

test('a re-scan of an unchanged folder decodes nothing and runs no inference', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 4);
  const a1 = createFakeAnalyzer();
  const s1 = await scanFolders(db, [root], { analyzer: a1 });
  assert.equal(s1.analysed, 4);
  assert.equal(s1.facesFound, 4);
  assert.equal(a1.calls, 4);
  assert.deepEqual(countPhotos(db), { total: 4, pending: 0, done: 4, errors: 0 });

  const a2 = createFakeAnalyzer();
  const s2 = await scanFolders(db, [root], { analyzer: a2 });
  assert.equal(a2.calls, 0);
  assert.equal(s2.unchanged, 4);
  assert.equal(s2.analysed, 0);
  assert.equal((db.prepare('SELECT count(*) AS n FROM faces').get() as { n: number }).n, 4);
});

test('photos are analysed at most 1024 px on the long side; boxes are stored in original pixels', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writeTestJpeg(path.join(root, 'big.jpg'), 1, 2048, 1536);
  const a = createFakeAnalyzer();
  await scanFolders(db, [root], { analyzer: a });
  assert.deepEqual(a.sizes, [{ width: 1024, height: 768 }]);
  const photo = getPhotoByPath(db, path.join(root, 'big.jpg'))!;
  assert.equal(photo.width, 2048);
  assert.equal(photo.height, 1536);
  const [face] = facesOfPhoto(db, photo.id);
  // the fake face is the centre half of the image it saw: in original pixels, 512..1536 x 384..1152
  assert.deepEqual(face.box, { x: 512, y: 384, w: 1024, h: 768 });
  assert.ok(Math.abs(face.landmarks![0] - 512) < 1e-3);
  const crop = db.prepare('SELECT crop FROM faces WHERE id = ?').get(face.id) as { crop: Buffer };
  assert.equal(crop.crop.subarray(0, 3).toString('hex'), 'ffd8ff', 'the face thumbnail is a JPEG');
});

test('a renamed or moved photo keeps its row, its faces and the user label, with no inference', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const [first] = await writePhotos(root, 3);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const before = getPhotoByPath(db, first)!;
  const [face] = facesOfPhoto(db, before.id);
  const person = labelFace(db, face.id, 'Ada');

  fs.mkdirSync(path.join(root, 'moved here'));
  const renamed = path.join(root, 'moved here', 'renamed ü.jpg');
  fs.renameSync(first, renamed);
  const a = createFakeAnalyzer();
  const s = await scanFolders(db, [root], { analyzer: a });
  assert.equal(a.calls, 0, 'a move is recognised by its content hash, without inference');
  assert.equal(s.moved, 1);
  assert.equal(s.removed, 0);
  assert.equal(getPhotoByPath(db, first), undefined);
  const after = getPhotoByPath(db, renamed)!;
  assert.equal(after.id, before.id);
  const [faceAfter] = facesOfPhoto(db, after.id);
  assert.equal(faceAfter.id, face.id);
  assert.equal(faceAfter.personId, person);
  assert.equal(faceAfter.assignedBy, 'user');
  assert.equal(countPhotos(db).total, 3);
});

test('a photo whose file changed is analysed again and keeps the label of the face that is still there', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const [first] = await writePhotos(root, 2);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const photo = getPhotoByPath(db, first)!;
  const [face] = facesOfPhoto(db, photo.id);
  labelFace(db, face.id, 'Grace');
  // same picture re-encoded (as a tagging tool rewriting the file would): new bytes, new size and mtime
  await writeTestJpeg(first + '.tmp.jpg', 0);
  fs.renameSync(first + '.tmp.jpg', first);
  fs.utimesSync(first, new Date(), new Date(Date.now() + 5000));
  const a = createFakeAnalyzer();
  const s = await scanFolders(db, [root], { analyzer: a });
  assert.equal(a.calls, 1);
  assert.equal(s.analysed, 1);
  const [again] = facesOfPhoto(db, photo.id);
  assert.equal(again.id, face.id);
  assert.equal(again.assignedBy, 'user');
});

test('a deleted photo and its faces are removed at the end of a complete walk', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const files = await writePhotos(root, 3);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const gone = getPhotoByPath(db, files[1])!;
  fs.unlinkSync(files[1]);
  const s = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s.removed, 1);
  assert.equal(getPhotoByPath(db, files[1]), undefined);
  assert.equal(facesOfPhoto(db, gone.id).length, 0);
  assert.equal((db.prepare('SELECT count(*) AS n FROM faces').get() as { n: number }).n, 2);
});

test('bad files are each recorded with a clear error while the rest of the scan completes', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 2);
  const good = fs.readFileSync(path.join(root, 'img0.jpg'));
  fs.writeFileSync(path.join(root, 'zero.jpg'), Buffer.alloc(0));
  fs.writeFileSync(path.join(root, 'text.jpg'), 'this is not a photo\n');
  fs.writeFileSync(path.join(root, 'truncated.jpg'), good.subarray(0, Math.floor(good.length / 2)));
  const corrupt = Buffer.from(good);
  for (let i = 200; i < corrupt.length - 2; i += 53) corrupt[i] = (corrupt[i] * 7 + 13) & 255;
  fs.writeFileSync(path.join(root, 'corrupt.jpg'), corrupt);
  fs.writeFileSync(path.join(root, 'phone.HEIC'), Buffer.from('....ftypheic....'));
  fs.writeFileSync(path.join(root, 'camera.cr2'), Buffer.from('II*\0raw'));
  fs.writeFileSync(path.join(root, 'notes.txt'), 'ignored: not a photo format at all');

  const a = createFakeAnalyzer();
  const s = await scanFolders(db, [root], { analyzer: a });
  assert.equal(s.analysed, 2);
  assert.equal(a.calls, 2);
  assert.equal(s.errors, 4);
  assert.equal(s.unsupported, 2);
  const errors = new Map(listPhotoErrors(db).items.map((e) => [path.basename(e.path), e.error]));
  assert.match(errors.get('zero.jpg')!, /^empty: .*0 bytes/);
  assert.match(errors.get('text.jpg')!, /^not-an-image: /);
  assert.match(errors.get('truncated.jpg')!, /^truncated: /);
  assert.match(errors.get('corrupt.jpg')!, /^(corrupt|truncated): /);
  assert.match(errors.get('phone.HEIC')!, /^unsupported: HEIC/);
  assert.match(errors.get('camera.cr2')!, /^unsupported: camera RAW \(CR2\)/);
  assert.equal(errors.has('notes.txt'), false);
  // errors are not retried while the file stays the same
  const again = createFakeAnalyzer();
  await scanFolders(db, [root], { analyzer: again });
  assert.equal(again.calls, 0);
});

test('hidden and system folders are skipped, symlink loops end, unreadable folders are kept', async (t) => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 1);
  for (const skip of ['.git', '@eaDir', '$RECYCLE.BIN', 'node_modules']) {
    fs.mkdirSync(path.join(root, skip));
    await writeTestJpeg(path.join(root, skip, 'x.jpg'), 9);
  }
  fs.mkdirSync(path.join(root, 'sub'));
  await writeTestJpeg(path.join(root, 'sub', 'y.jpg'), 8);
  fs.symlinkSync(root, path.join(root, 'sub', 'loop'));
  const s = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s.photosSeen, 2);
  assert.equal(countPhotos(db).total, 2);

  if (process.getuid?.() === 0) return t.diagnostic('running as root: permissions cannot be tested');
  fs.chmodSync(path.join(root, 'sub'), 0o000);
  try {
    const s2 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
    assert.equal(s2.folders[0].unreadable.length, 1);
    assert.match(s2.folders[0].unreadable[0].reason, /permission denied/);
    assert.equal(s2.removed, 0, 'photos under an unreadable folder are not taken for deleted ones');
    assert.equal(countPhotos(db).total, 2);
  } finally {
    fs.chmodSync(path.join(root, 'sub'), 0o755);
  }
});

test('a cancelled scan keeps what it committed and the next scan resumes without duplicates', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 6);
  const controller = new AbortController();
  const s1 = await scanFolders(db, [root], {
    analyzer: createFakeAnalyzer(),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase === 'analysing' && p.done === 2) controller.abort();
    },
  });
  assert.equal(s1.cancelled, true);
  assert.equal(s1.analysed, 2);
  assert.deepEqual(countPhotos(db), { total: 6, pending: 4, done: 2, errors: 0 });
  const a = createFakeAnalyzer();
  const s2 = await scanFolders(db, [root], { analyzer: a });
  assert.equal(a.calls, 4);
  assert.equal(s2.cancelled, false);
  assert.deepEqual(countPhotos(db), { total: 6, pending: 0, done: 6, errors: 0 });
  assert.equal((db.prepare('SELECT count(*) AS n FROM faces').get() as { n: number }).n, 6);
});

test('a missing folder is a clear error and writes nothing', async () => {
  const { dir, db } = tempLibrary();
  await assert.rejects(scanFolders(db, [path.join(dir, 'nope')], { analyzer: createFakeAnalyzer() }), ScanInputError);
  assert.equal((db.prepare('SELECT count(*) AS n FROM folders').get() as { n: number }).n, 0);
});

test('progress reports done/total, faces and rate', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 3);
  const seen: { done: number; total: number; faces: number }[] = [];
  await scanFolders(db, [root], {
    analyzer: createFakeAnalyzer(),
    onProgress: (p) => p.phase === 'analysing' && seen.push({ done: p.done, total: p.total, faces: p.facesFound }),
  });
  assert.deepEqual(seen.at(-1), { done: 3, total: 3, faces: 3 });
  assert.ok(seen.every((s) => s.total === 3));
});

test('an analyzer that is a pool of workers gets as many photos at once as it has workers', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 6);
  const inner = createFakeAnalyzer();
  let inFlight = 0;
  let peak = 0;
  const pool = {
    runtime: inner.runtime,
    concurrency: 3,
    async analyze(image: Parameters<typeof inner.analyze>[0]) {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      return inner.analyze(image);
    },
    dispose: async () => undefined,
  };
  const s = await scanFolders(db, [root], { analyzer: pool });
  assert.equal(s.analysed, 6);
  assert.equal(peak, 3);
});

test('file names with spaces, unicode and newlines are scanned and kept exactly', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const names = ['with space.jpg', 'Zoë 日本.jpg', 'line\nbreak.jpg'];
  for (const [i, n] of names.entries()) await writeTestJpeg(path.join(root, n), i);
  const s = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s.analysed, 3);
  for (const n of names) assert.equal(getPhotoByPath(db, path.join(root, n))?.status, 'done', n);
});

test('a photo that vanishes between the walk and its analysis is an error now and gone on the next scan', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const files = await writePhotos(root, 3);
  const s = await scanFolders(db, [root], {
    analyzer: createFakeAnalyzer(),
    decodeAhead: 1,
    onProgress: (p) => {
      if (p.phase === 'analysing' && p.done === 0 && fs.existsSync(files[2])) fs.unlinkSync(files[2]);
    },
  });
  assert.equal(s.analysed, 2);
  assert.equal(s.errors, 1);
  assert.match(getPhotoByPath(db, files[2])!.error!, /^unreadable: not found/);
  const s2 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s2.removed, 1);
  assert.equal(countPhotos(db).total, 2);
});

test('a folder and its parent in one scan analyse each photo once', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  fs.mkdirSync(path.join(root, 'sub'));
  await writePhotos(root, 1);
  await writePhotos(path.join(root, 'sub'), 2, 1);
  const a = createFakeAnalyzer();
  const s = await scanFolders(db, [root, path.join(root, 'sub')], { analyzer: a });
  assert.equal(a.calls, 3);
  assert.equal(s.analysed, 3);
  assert.equal(countPhotos(db).total, 3);
  const again = await scanFolders(db, [path.join(root, 'sub'), root], { analyzer: createFakeAnalyzer() });
  assert.equal(again.removed, 0);
  assert.equal(again.analysed, 0);
});

test('an analyzer that fails on one photo records it and goes on; the next scan retries that photo', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  const files = await writePhotos(root, 3);
  const inner = createFakeAnalyzer();
  let n = 0;
  const flaky = {
    ...inner,
    analyze: (img: Parameters<typeof inner.analyze>[0]) =>
      ++n === 2 ? Promise.reject(new Error('out of memory')) : inner.analyze(img),
  };
  const s = await scanFolders(db, [root], { analyzer: flaky });
  assert.equal(s.analysed, 2);
  assert.equal(s.errors, 1);
  assert.match(getPhotoByPath(db, files[1])!.error!, /^analysis failed: out of memory/);
  const again = createFakeAnalyzer();
  await scanFolders(db, [root], { analyzer: again });
  assert.equal(again.calls, 1, 'only the photo the analyzer failed on is retried');
  assert.deepEqual(countPhotos(db), { total: 3, pending: 0, done: 3, errors: 0 });
});

test('a broken analyzer stops the scan after a few photos and leaves the rest pending', async () => {
  const { dir, db } = tempLibrary();
  const root = path.join(dir, 'photos');
  await writePhotos(root, 8);
  const broken = { ...createFakeAnalyzer(), analyze: () => Promise.reject(new Error('vision worker exited')) };
  await assert.rejects(scanFolders(db, [root], { analyzer: broken }), /failed on 5 photos in a row/);
  const c = countPhotos(db);
  assert.equal(c.errors, 5);
  assert.equal(c.pending, 3);
  const s = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s.analysed, 8);
});
