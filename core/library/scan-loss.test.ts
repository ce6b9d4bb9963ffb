// Paths that used to lose a user label without a word: a folder unplugged mid-scan (photos left with no content
// hash, so a later rename looked like a deletion), a file replaced by another with the same name, size and mtime,
// and a labelled photo deleted from disk (kept, marked missing, until the user confirms).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, type Database } from '../db/connection';
import { facesOfPhoto } from '../db/faces-repo';
import { getPhotoByPath, missingPhotos } from '../db/photos-repo';
import { tempDir } from '../safety/testing/temp-dir';
import { main } from '../cli/main';
import { contentHash } from './content-hash';
import { scanFolders } from './scan';
import { createFakeAnalyzer } from './testing/fake-analyzer';
import { writeTestJpeg } from './testing/test-images';

function library(): { root: string; db: Database } {
  const dir = tempDir('facet-scan-loss-');
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  return { root, db: openDatabase(path.join(dir, 'library.db')) };
}

function labelOnlyFace(db: Database, file: string, name: string): number {
  const photo = getPhotoByPath(db, file)!;
  const [face] = facesOfPhoto(db, photo.id);
  const person = Number(db.prepare('INSERT INTO people (name, created_at) VALUES (?, 0)').run(name).lastInsertRowid);
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(person, face.id);
  return face.id;
}

const userLabels = (db: Database) =>
  db
    .prepare(
      `SELECT pe.name FROM faces f JOIN people pe ON pe.id = f.person_id WHERE f.assigned_by = 'user' ORDER BY 1`,
    )
    .pluck()
    .all();

test('a folder unplugged mid-scan: its photos get their hash on the next scan, and a rename then keeps labels', async () => {
  const { root, db } = library();
  const album = path.join(root, 'album');
  fs.mkdirSync(album);
  const labelled = path.join(album, 'a.jpg');
  await writeTestJpeg(labelled, 1);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  labelOnlyFace(db, labelled, 'Grace');
  // New photos arrive and the labelled one is touched; the drive goes away while the scan is analysing.
  for (let i = 2; i < 5; i++) await writeTestJpeg(path.join(album, `${i}.jpg`), i);
  fs.utimesSync(labelled, new Date(), new Date(Date.now() + 5000));
  const unplugged = path.join(root, '..', 'unplugged');
  const s1 = await scanFolders(db, [root], {
    analyzer: createFakeAnalyzer(),
    decodeAhead: 1,
    analyzeConcurrency: 1,
    onProgress: (p) => {
      if (p.phase === 'analysing' && fs.existsSync(album)) fs.renameSync(album, unplugged);
    },
  });
  assert.ok(s1.errors >= 3, `the photos of the unplugged folder failed (${s1.errors})`);
  fs.renameSync(unplugged, album); // plugged back in

  const s2 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s2.errors, 0);
  for (const f of fs.readdirSync(album)) {
    const row = getPhotoByPath(db, path.join(album, f))!;
    assert.equal(row.status, 'done', f);
    assert.equal(row.hash, await contentHash(path.join(album, f)), `${f} has its content hash`);
  }
  // Renamed: found by content, label kept.
  fs.renameSync(labelled, path.join(album, 'renamed.jpg'));
  const s3 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s3.moved, 1);
  assert.equal(s3.removed, 0);
  assert.deepEqual(userLabels(db), ['Grace']);
});

test('a photo replaced by another with the same name, size and mtime is analysed again', async () => {
  const { root, db } = library();
  const file = path.join(root, 'a.jpg');
  const [one, two] = [path.join(root, '..', 'one.jpg'), path.join(root, '..', 'two.jpg')];
  await writeTestJpeg(one, 1);
  await writeTestJpeg(two, 2);
  // JPEG readers stop at the end marker: pad both to one size.
  const size = Math.max(fs.statSync(one).size, fs.statSync(two).size);
  for (const f of [one, two]) fs.appendFileSync(f, Buffer.alloc(size - fs.statSync(f).size));
  fs.copyFileSync(one, file);
  const when = new Date('2024-05-01T12:00:00Z');
  fs.utimesSync(file, when, when);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const before = getPhotoByPath(db, file)!;
  const [oldFace] = facesOfPhoto(db, before.id);

  fs.copyFileSync(two, file);
  fs.utimesSync(file, when, when);
  assert.equal(fs.statSync(file).size, before.size);
  const a = createFakeAnalyzer();
  const s = await scanFolders(db, [root], { analyzer: a });
  assert.equal(a.calls, 1, 'the new photo was analysed');
  assert.equal(s.unchanged, 0);
  const after = getPhotoByPath(db, file)!;
  assert.equal(after.hash, await contentHash(two));
  const [newFace] = facesOfPhoto(db, after.id);
  assert.notDeepEqual(Array.from(newFace.descriptor), Array.from(oldFace.descriptor), 'the face is the new one');

  // And an untouched library stays free: the second scan analyses nothing.
  const again = createFakeAnalyzer();
  assert.equal((await scanFolders(db, [root], { analyzer: again })).unchanged, 1);
  assert.equal(again.calls, 0);
});

test('a labelled photo deleted from disk is kept, marked missing, until it comes back or the user forgets it', async () => {
  const { root, db } = library();
  const [kept, plain] = [path.join(root, 'kept.jpg'), path.join(root, 'plain.jpg')];
  await writeTestJpeg(kept, 1);
  await writeTestJpeg(plain, 2);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  labelOnlyFace(db, kept, 'Grace');
  const saved = fs.readFileSync(kept);
  fs.unlinkSync(kept);
  fs.unlinkSync(plain);

  const s = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s.removed, 1, 'the unlabelled photo is forgotten');
  assert.deepEqual(
    s.missing.map((m) => [m.path, m.names]),
    [[kept, ['Grace']]],
  );
  assert.deepEqual(userLabels(db), ['Grace']);
  assert.equal(missingPhotos(db).length, 1);

  // Back at its place: no longer missing, label intact.
  fs.writeFileSync(kept, saved);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(missingPhotos(db).length, 0);
  // Gone again, and the user confirms.
  fs.unlinkSync(kept);
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(missingPhotos(db).length, 1);
  const file = db.name;
  db.close();
  const log = console.log;
  const lines: string[] = [];
  console.log = (...x: unknown[]) => lines.push(x.join(' '));
  try {
    assert.equal(await main(['missing', '--db', file]), 0);
    assert.match(lines.join('\n'), /kept\.jpg: Grace/);
    assert.equal(await main(['missing', '--db', file, '--forget']), 0);
  } finally {
    console.log = log;
  }
  const check = openDatabase(file);
  assert.deepEqual(userLabels(check), []);
  assert.equal(getPhotoByPath(check, kept), undefined);
  check.close();
});
