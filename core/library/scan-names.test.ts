// File and folder names that are not valid UTF-8 (Linux names are bytes): scanned, kept exactly, never "removed".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { facesOfPhoto } from '../db/faces-repo';
import { getPhotoByPath } from '../db/photos-repo';
import { tempDir } from '../safety/testing/temp-dir';
import { fromFsBytes, toFsPath } from '../files/fs-name';
import { scanFolders } from './scan';
import { createFakeAnalyzer } from './testing/fake-analyzer';
import { writeTestJpeg } from './testing/test-images';

const latin1 = (s: string) => Buffer.from(s, 'latin1'); // "é" as the single byte 0xE9: not UTF-8

test('names round-trip to their exact bytes, valid UTF-8 or not', () => {
  const cases = [
    Buffer.from('plain.jpg'),
    Buffer.from('Zoë – été 😀.jpg'),
    latin1('caf\u00e9.jpg'),
    Buffer.from([0xff, 0xfe, 0x2e, 0x6a]),
    Buffer.from([0xe2, 0x82]), // a sequence cut short
    Buffer.from('\uef80\uefff private use', 'utf8'), // the escape characters themselves, as real names
  ];
  for (const bytes of cases) {
    const name = fromFsBytes(bytes);
    const back = toFsPath(name);
    assert.deepEqual(Buffer.from(back), bytes, `round trip of ${bytes.toString('hex')}`);
  }
  assert.equal(fromFsBytes(Buffer.from('Zoë.jpg')), 'Zoë.jpg', 'valid names stay plain strings');
  assert.equal(typeof toFsPath('Zoë.jpg'), 'string');
});

test('a folder and a file named in Latin-1 are scanned; a labelled photo renamed so keeps its label', async (t) => {
  if (process.platform !== 'linux') return t.skip('file names as arbitrary bytes: Linux only');
  const dir = tempDir('facet-names-');
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  const rootBytes = Buffer.from(root);
  const folder = Buffer.concat([rootBytes, latin1('/f\u00eate')]);
  fs.mkdirSync(folder);
  const inFolder = Buffer.concat([folder, latin1('/No\u00ebl.jpg')]);
  const plain = path.join(root, 'plain.jpg');
  await writeTestJpeg(path.join(dir, 'a.jpg'), 1);
  fs.renameSync(path.join(dir, 'a.jpg'), inFolder);
  await writeTestJpeg(plain, 2);

  const db = openDatabase(path.join(dir, 'library.db'));
  const s1 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s1.analysed, 2);
  assert.equal(s1.errors, 0);
  const stored = getPhotoByPath(db, fromFsBytes(inFolder))!;
  assert.equal(stored.status, 'done');
  assert.deepEqual(Buffer.from(toFsPath(stored.path)), inFolder, 'the stored path opens the very file');

  // Label the plain photo, rename it to a Latin-1 name: a move, not a removal.
  const [face] = facesOfPhoto(db, getPhotoByPath(db, plain)!.id);
  const person = db.prepare("INSERT INTO people (name, created_at) VALUES ('Zoë', 0)").run().lastInsertRowid;
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(person, face.id);
  const renamed = Buffer.concat([rootBytes, latin1('/Zo\u00eb.jpg')]);
  fs.renameSync(plain, renamed);
  const s2 = await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  assert.equal(s2.moved, 1);
  assert.equal(s2.removed, 0);
  assert.equal(facesOfPhoto(db, getPhotoByPath(db, fromFsBytes(renamed))!.id)[0]!.assignedBy, 'user');

  // The folder given on the command line arrives decoded lossily (argv is UTF-8): it is still found.
  const lossy = folder.toString('utf8');
  assert.ok(lossy.includes('\uFFFD'));
  const s3 = await scanFolders(db, [lossy], { analyzer: createFakeAnalyzer() });
  assert.equal(s3.folders[0]!.files, 1);
  assert.equal(s3.unchanged, 1);
  db.close();
});
