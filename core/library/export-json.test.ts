import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { loadDescriptors } from '../db/faces-repo';
import { exportLibraryJson } from './export-json';
import { scanFolders } from './scan';
import { createFakeAnalyzer } from './testing/fake-analyzer';
import { writeTestJpeg } from './testing/test-images';

test('the export is valid JSON in the documented shape, with exact float32 embeddings and person names', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-export-'));
  const root = path.join(dir, 'p');
  fs.mkdirSync(root);
  await writeTestJpeg(path.join(root, 'a.jpg'), 1);
  await writeTestJpeg(path.join(root, 'b.jpg'), 2);
  fs.writeFileSync(path.join(root, 'c.jpg'), '');
  const db = openDatabase(path.join(dir, 'library.db'));
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const person = Number(db.prepare("INSERT INTO people (name, created_at) VALUES ('Zoë', 0)").run().lastInsertRowid);
  db.prepare("UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = 1").run(person);

  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const counts = await exportLibraryJson(db, sink);
  const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.deepEqual(counts, { photos: 3, faces: 2 });
  assert.deepEqual(Object.keys(doc), ['photos', 'faces', 'people']);
  assert.deepEqual(
    doc.photos.map((p: { path: string; error: string | null }) => [
      path.basename(p.path),
      p.error?.split(':')[0] ?? null,
    ]),
    [
      ['a.jpg', null],
      ['b.jpg', null],
      ['c.jpg', 'empty'],
    ],
  );
  assert.equal(doc.faces[0].personId, person);
  assert.equal(doc.faces[0].personName, 'Zoë');
  assert.equal(doc.faces[1].personName, null);
  assert.deepEqual(doc.people, [{ id: person, name: 'Zoë' }]);
  const stored = loadDescriptors(db);
  assert.deepEqual(Array.from(stored.ids), [doc.faces[0].id, doc.faces[1].id]);
  // 9 significant digits round-trip float32 exactly
  assert.deepEqual(Float32Array.from(doc.faces[0].embedding), stored.vectors.subarray(0, 128));
});
