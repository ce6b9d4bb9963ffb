import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { exportLibraryJson } from '../library/export-json';
import { seedLibrary, unitVector } from '../verify/testing/seed-library';
import { identityLinearHead } from '../space/head';
import { activateVersion } from './train-service';
import { insertHeadVersion } from '../space/versions-repo';

async function exportFaces(db: Parameters<typeof exportLibraryJson>[0]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportLibraryJson(db, out);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')).faces as {
    embedding: number[];
    adaptedEmbedding?: number[];
  }[];
}

test('facet export adds adaptedEmbedding only while a trained version is active, embedding unchanged', async () => {
  const { db } = seedLibrary(1, [
    { descriptor: unitVector(0, 0.3), person: 0 },
    { descriptor: unitVector(1), person: null },
  ]);
  const plain = await exportFaces(db);
  assert.ok(plain.every((f) => !('adaptedEmbedding' in f)));

  // A head that swaps the first two coordinates.
  const head = identityLinearHead();
  head.m.fill(0);
  for (let i = 2; i < 128; i++) head.m[i * 128 + i] = 1;
  head.m[1] = 1;
  head.m[128] = 1;
  const id = insertHeadVersion(db, {
    parentId: null,
    name: 'swap',
    head,
    threshold: 0.5,
    metrics: {},
    activate: false,
  });
  activateVersion(db, id);
  const adapted = await exportFaces(db);
  adapted.forEach((f, i) => {
    assert.deepEqual(f.embedding, plain[i].embedding, 'the backbone embedding is exported unchanged');
    assert.ok(f.adaptedEmbedding);
    assert.ok(Math.abs(f.adaptedEmbedding[0] - f.embedding[1]) < 1e-6);
    assert.ok(Math.abs(f.adaptedEmbedding[1] - f.embedding[0]) < 1e-6);
  });
  activateVersion(db, null);
  assert.ok((await exportFaces(db)).every((f) => !('adaptedEmbedding' in f)));
});
