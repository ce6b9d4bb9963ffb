import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { loadLabeledRoot } from './labeled-root';
import { createFakeAnalyzer } from './testing/fake-analyzer';
import { writeTestJpeg } from './testing/test-images';

test('loadLabeledRoot returns one face per photo with its identity folder, and scans only once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-labeled-'));
  const root = path.join(dir, 'people');
  for (const [who, n] of [
    ['ada', 2],
    ['grace', 3],
  ] as const) {
    fs.mkdirSync(path.join(root, who, 'older'), { recursive: true });
    for (let i = 0; i < n; i++) await writeTestJpeg(path.join(root, who, `${i}.jpg`), who.length * 10 + i);
  }
  await writeTestJpeg(path.join(root, 'ada', 'older', 'x.jpg'), 99);
  await writeTestJpeg(path.join(root, 'loose.jpg'), 98); // no identity folder: left out
  fs.writeFileSync(path.join(root, 'grace', 'broken.jpg'), 'nope'); // no face: left out
  const db = openDatabase(path.join(dir, 'library.db'));
  const a = createFakeAnalyzer();
  const faces = await loadLabeledRoot(db, root, { analyzer: a });
  assert.deepEqual(
    faces.map((f) => [f.identity, path.relative(root, f.path)]),
    [
      ['ada', 'ada/0.jpg'],
      ['ada', 'ada/1.jpg'],
      ['ada', 'ada/older/x.jpg'],
      ['grace', 'grace/0.jpg'],
      ['grace', 'grace/1.jpg'],
      ['grace', 'grace/2.jpg'],
    ],
  );
  for (const f of faces) assert.equal(f.descriptor.length, 128);
  assert.equal(a.calls, 7);
  const again = createFakeAnalyzer();
  const faces2 = await loadLabeledRoot(db, root, { analyzer: again });
  assert.equal(again.calls, 0);
  assert.deepEqual(
    faces2.map((f) => f.faceId),
    faces.map((f) => f.faceId),
  );
});
