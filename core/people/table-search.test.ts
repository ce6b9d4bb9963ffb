import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchKnn } from './knn-graph';
import type { FaceTable } from './people-repo';
import { nearestMembers } from './table-search';
import { around, randomCentre, rng } from './testing/fixture-db';

function table(n: number, seed: number): FaceTable {
  const r = rng(seed);
  const centres = Array.from({ length: 40 }, () => randomCentre(r));
  const vectors = new Float32Array(n * 128);
  for (let i = 0; i < n; i++) vectors.set(around(centres[i % 40], 0.5, r), i * 128);
  const z = () => new Int32Array(n);
  return {
    ids: z(),
    photoIds: z(),
    personIds: z(),
    userAssigned: new Uint8Array(n),
    quality: new Float32Array(n),
    vectors,
  };
}

test('nearest members found in place are the exact nearest members, or reported unsure', () => {
  const t = table(3000, 5);
  const isMember = Uint8Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const members = [...isMember.keys()].filter((i) => isMember[i]);
  const memberVectors = new Float32Array(members.length * 128);
  members.forEach((r, i) => memberVectors.set(t.vectors.subarray(r * 128, (r + 1) * 128), i * 128));
  const queries = t.vectors.subarray(0, 100 * 128);
  const k = 5;
  const want = searchKnn(memberVectors, queries, 128, k);
  for (const [depth, limit] of [
    [200, Infinity],
    [8, Infinity],
    [8, 0.8],
  ]) {
    const got = nearestMembers(t, 128, isMember, queries, k, limit, depth);
    const unsure = new Set(got.unsure);
    let checked = 0;
    for (let q = 0; q < 100; q++) {
      if (unsure.has(q)) continue;
      checked++;
      for (let s = q * k; s < (q + 1) * k; s++) {
        if (want.distances[s] > limit) break; // callers read only up to the limit
        assert.equal(got.graph.indices[s], members[want.indices[s]], `query ${q} rank ${s - q * k}`);
      }
    }
    // a deep search is sure of every query; a shallow one without a limit must own up
    if (depth === 200) assert.equal(got.unsure.length, 0);
    if (depth === 8 && limit === Infinity) assert.ok(got.unsure.length > 0);
    assert.ok(checked + got.unsure.length === 100);
  }
});
