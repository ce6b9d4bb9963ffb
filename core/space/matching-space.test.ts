import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../db/connection';
import { loadMatchingSpace } from './matching-space';
import { DEFAULT_MATCH_THRESHOLD } from './thresholds';
import { identityLinearHead } from './head';
import { insertHeadVersion, setActiveHeadVersion } from './versions-repo';

function unit(seed: number): Float32Array {
  const v = new Float32Array(128);
  for (let i = 0; i < 128; i++) v[i] = Math.sin(seed * 13.1 + i * 0.7);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

test('with no trained version the matching space is the backbone itself', () => {
  const db = openDatabase(':memory:');
  const space = loadMatchingSpace(db);
  assert.equal(space.versionId, null);
  assert.equal(space.threshold, DEFAULT_MATCH_THRESHOLD);
  const x = unit(1);
  assert.deepEqual(space.map(x), x);
  const two = new Float32Array([...unit(2), ...unit(3)]);
  assert.deepEqual(space.mapAll(two), two);
});

test('an active head maps descriptors, carries its threshold, and rollback returns to the backbone', () => {
  const db = openDatabase(':memory:');
  const head = identityLinearHead();
  // Swap the first two coordinates: an orthogonal map, so the output stays unit length.
  head.m.fill(0);
  for (let i = 2; i < 128; i++) head.m[i * 128 + i] = 1;
  head.m[0 * 128 + 1] = 1;
  head.m[1 * 128 + 0] = 1;
  const id = insertHeadVersion(db, {
    parentId: null,
    name: 'swap',
    head,
    threshold: 0.77,
    metrics: {},
    activate: true,
  });
  const space = loadMatchingSpace(db);
  assert.equal(space.versionId, id);
  assert.equal(space.threshold, 0.77);
  const x = unit(4);
  const y = space.map(x);
  assert.ok(Math.abs(y[0] - x[1]) < 1e-6 && Math.abs(y[1] - x[0]) < 1e-6);
  assert.ok(Math.abs(y[5] - x[5]) < 1e-6);
  setActiveHeadVersion(db, null);
  assert.equal(loadMatchingSpace(db).versionId, null);
});
