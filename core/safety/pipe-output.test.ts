import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { addPerson, label, seedPhotos } from '../labels/testing/seed-library';
import { exitCode, spawnTs } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

// `facet labels export | gzip > labels.json.gz`: a backup that silently held the first 64 KiB, exit 0.
test('labels export to a slow pipe writes every label before it exits', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.db');
  const db = openDatabase(file);
  const n = 1500;
  const photos = Array.from({ length: n }, (_, i) => ({
    path: `/lib/album-${Math.floor(i / 50)}/photo-${i}.jpg`,
    hash: `hash-${i}`.padEnd(40, '0'),
    width: 800,
    height: 600,
    boxes: [{ x: 10, y: 20, w: 100, h: 120 }],
  }));
  const faces = seedPhotos(db, '/lib', photos);
  const person = addPerson(db, 'Ada');
  for (const [face] of faces) label(db, face!, person);
  db.close();

  const child = spawnTs('core/safety/testing/facet-child.ts', ['labels', 'export', '--db', file]);
  const chunks: Buffer[] = [];
  const ended = new Promise((r) => child.stdout!.once('end', r));
  const code = exitCode(child);
  child.stdout!.pause(); // a reader slower than the writer: the pipe fills up
  await new Promise((r) => setTimeout(r, 1500));
  child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  child.stdout!.resume();
  await ended;
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.length > 64 * 1024, `the export is larger than a pipe's buffer (${text.length} bytes)`);
  assert.equal(await code, 0);
  const doc = JSON.parse(text) as { photos: { faces: unknown[] }[] };
  assert.equal(doc.photos.length, n);
  assert.equal(
    doc.photos.reduce((s, p) => s + p.faces.length, 0),
    n,
  );
});
