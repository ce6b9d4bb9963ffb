// Photos whose names are not valid UTF-8 (Linux names are bytes): their XMP sidecar is written and read beside
// the very file, and a label keyed by such a path survives labels export -> import.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { facesOfPhoto } from '../db/faces-repo';
import { getPhotoByPath } from '../db/photos-repo';
import { fromFsBytes } from '../files/fs-name';
import { scanFolders } from '../library/scan';
import { createFakeAnalyzer } from '../library/testing/fake-analyzer';
import { writeTestJpeg } from '../library/testing/test-images';
import { tempDir } from '../safety/testing/temp-dir';
import { exportLabels } from './export-labels';
import { importLabels } from './import-labels';
import { readXmpLabels, writeXmpLabels } from './xmp/xmp-labels';

const latin1 = (s: string) => Buffer.from(s, 'latin1'); // "ë" as the single byte 0xEB: not UTF-8

async function libraryWithByteName(dir: string) {
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  const photoBytes = Buffer.concat([Buffer.from(root), latin1('/No\u00ebl \u00e9t\u00e9.jpg')]);
  await writeTestJpeg(path.join(dir, 'tmp.jpg'), 1);
  fs.renameSync(path.join(dir, 'tmp.jpg'), photoBytes);
  const db = openDatabase(path.join(dir, 'library.db'));
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const photo = getPhotoByPath(db, fromFsBytes(photoBytes))!;
  assert.ok(photo, 'the photo was scanned');
  const [face] = facesOfPhoto(db, photo.id);
  const person = db.prepare("INSERT INTO people (name, created_at) VALUES ('Noël', 0)").run().lastInsertRowid;
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?").run(person, face!.id);
  return { db, root, photoBytes, faceId: face!.id };
}

const labelOf = (db: ReturnType<typeof openDatabase>, faceId: number) =>
  db
    .prepare('SELECT p.name, f.assigned_by AS by FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?')
    .get(faceId) as { name: string | null; by: string | null };

test('xmp write puts the sidecar beside a photo named in bytes, and xmp read takes the label back', async (t) => {
  if (process.platform !== 'linux') return t.skip('file names as arbitrary bytes: Linux only');
  const dir = tempDir('facet-bytes-');
  const { db, root, photoBytes, faceId } = await libraryWithByteName(dir);
  const written = writeXmpLabels(db);
  assert.deepEqual(written.problems, []);
  assert.equal(written.sidecarsWritten, 1);
  const sidecar = Buffer.concat([photoBytes, Buffer.from('.xmp')]);
  assert.ok(fs.existsSync(sidecar), 'the sidecar is named after the photo, byte for byte');
  const names = fs.readdirSync(root, { encoding: 'buffer' }).map((n) => n.toString('hex'));
  assert.equal(names.length, 2, `only the photo and its sidecar: ${names.join(', ')}`);
  assert.match(fs.readFileSync(sidecar, 'utf8'), /Noël/);

  db.prepare('UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ?').run(faceId);
  const read = readXmpLabels(db);
  assert.equal(read.facesLabelled, 1, JSON.stringify(read));
  assert.deepEqual(labelOf(db, faceId), { name: 'Noël', by: 'user' });
  db.close();
});

test('a label on a photo named in bytes survives labels export -> import, by content and by path', async (t) => {
  if (process.platform !== 'linux') return t.skip('file names as arbitrary bytes: Linux only');
  const dir = tempDir('facet-bytes-');
  const { db, faceId } = await libraryWithByteName(dir);
  const file = JSON.parse(JSON.stringify(exportLabels(db))) as ReturnType<typeof exportLabels>;
  assert.equal(file.photos.length, 1);
  for (const byPath of [false, true]) {
    db.prepare('UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ?').run(faceId);
    const input = byPath ? { ...file, photos: file.photos.map((p) => ({ ...p, hash: '0'.repeat(64) })) } : file;
    const report = importLabels(db, input);
    assert.equal(report.facesLabelled, 1, `${byPath ? 'by path' : 'by content'}: ${JSON.stringify(report)}`);
    assert.deepEqual(labelOf(db, faceId), { name: 'Noël', by: 'user' });
  }
  db.close();
});
