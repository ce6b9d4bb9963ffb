import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { openDatabase } from '../db/connection';
import { FACE_CROP_SIZE } from '../library/face-crop';
import { loadMedia, parseMediaPath } from './media';
import { makeMediaLibrary, type MediaLibrary } from './testing/media-library';

const db = openDatabase(':memory:');
let lib: MediaLibrary;
before(async () => {
  lib = await makeMediaLibrary(db);
});
after(() => lib.cleanup());

test('only face/<id>, thumb/<id> and photo/<id> are media requests: no paths, no dot segments, no encodings', () => {
  assert.deepEqual(parseMediaPath('face/12'), { kind: 'face', id: 12 });
  assert.deepEqual(parseMediaPath('/thumb/7'), { kind: 'thumb', id: 7 });
  for (const bad of [
    '../etc/passwd',
    'photo/../../etc/passwd',
    'photo/%2e%2e/%2e%2e/etc/passwd',
    '%2e%2e/photo/1',
    'photo//etc/passwd',
    '/etc/passwd',
    'photo/1/..',
    'photo/1/2',
    'photo/01',
    'photo/0',
    'photo/-1',
    'photo/1.5',
    'photo/1e3',
    'file/1',
    'photo/1%00',
    'face/99999999999999999999',
    '',
  ])
    assert.equal(parseMediaPath(bad), null, bad);
});

test('a photo in the library is served as an oriented JPEG; a thumbnail is smaller', async () => {
  const full = await loadMedia(db, { kind: 'photo', id: lib.photoId });
  assert.ok(full.ok);
  const meta = await sharp(full.bytes).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.deepEqual([meta.width, meta.height], [320, 240]);
  const thumb = await loadMedia(db, { kind: 'thumb', id: lib.photoId });
  assert.ok(thumb.ok && thumb.contentType === 'image/jpeg');
});

test('a face crop comes from the database, or is cut from its photo when none was stored', async () => {
  const stored = await loadMedia(db, { kind: 'face', id: lib.faceWithCrop });
  assert.ok(stored.ok);
  assert.equal((await sharp(stored.bytes).metadata()).width, 8, 'the stored crop itself');
  const cut = await loadMedia(db, { kind: 'face', id: lib.faceWithoutCrop });
  assert.ok(cut.ok);
  assert.equal((await sharp(cut.bytes).metadata()).width, FACE_CROP_SIZE, 'the size and framing the scanner stores');
});

test('ids that are not in the library are refused', async () => {
  for (const kind of ['face', 'thumb', 'photo'] as const) {
    const r = await loadMedia(db, { kind, id: 999 });
    assert.ok(!r.ok && r.status === 404, kind);
  }
});

test('a photo row whose file is a symlink leading out of its folder is refused', async () => {
  const link = path.join(lib.folder, 'link-out.jpg');
  fs.symlinkSync(path.join(lib.outside, 'secret.jpg'), link);
  const id = lib.addPhoto(link);
  const r = await loadMedia(db, { kind: 'photo', id });
  assert.ok(!r.ok && r.status === 403, 'symlink escape refused');
  const t = await loadMedia(db, { kind: 'thumb', id });
  assert.ok(!t.ok && t.status === 403);
});

test('a photo swapped for a symlink to a system file after the scan is refused', async () => {
  const file = path.join(lib.folder, 'swapped.jpg');
  fs.copyFileSync(path.join(lib.folder, 'inside.jpg'), file);
  const id = lib.addPhoto(file);
  assert.ok((await loadMedia(db, { kind: 'photo', id })).ok);
  fs.rmSync(file);
  fs.symlinkSync('/etc/passwd', file);
  const r = await loadMedia(db, { kind: 'photo', id });
  assert.ok(!r.ok && r.status === 403);
});

test('a photo row with a path outside every library folder (a forged row) is refused', async () => {
  const id = lib.addPhoto(path.join(lib.outside, 'secret.jpg'));
  const r = await loadMedia(db, { kind: 'photo', id });
  assert.ok(!r.ok && r.status === 403);
  fs.copyFileSync(path.join(lib.outside, 'secret.jpg'), path.join(lib.outside, 'other.jpg'));
  const dots = lib.addPhoto(`${lib.folder}/../outside/other.jpg`);
  const d = await loadMedia(db, { kind: 'thumb', id: dots });
  assert.ok(!d.ok && d.status === 403);
});

test('a photo that vanished from disk is a 404, not a crash', async () => {
  const file = path.join(lib.folder, 'gone.jpg');
  fs.copyFileSync(path.join(lib.folder, 'inside.jpg'), file);
  const id = lib.addPhoto(file);
  fs.rmSync(file);
  const r = await loadMedia(db, { kind: 'photo', id });
  assert.ok(!r.ok && r.status === 404);
});
