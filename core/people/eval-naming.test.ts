import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabeledFace } from './labeled-face';
import { fnirAtFpir, namingSplits, spread } from './eval-naming';

/** 10 identities; identity i has i % 4 + 1 photos. */
function faces(): LabeledFace[] {
  const out: LabeledFace[] = [];
  for (let i = 0; i < 10; i++)
    for (let m = 0; m < (i % 4) + 1; m++)
      out.push({
        faceId: out.length + 1,
        photoId: out.length + 1,
        path: `/root/id${i}/${m}.jpg`,
        identity: `id${i}`,
        descriptor: new Float32Array(128),
        quality: 1,
      });
  return out;
}

test('identity splits: half the people named from their first photos by path, reproducible from the seed', () => {
  const fs = faces();
  const splits = namingSplits(fs, { splits: 4, seed: 3 });
  assert.deepEqual(
    splits.map((s) => s.seed),
    [3, 4, 5, 6],
  );
  for (const s of splits) {
    assert.equal(s.named.size, 5);
    for (const f of fs) {
      if (!s.named.has(f.identity)) assert.ok(!s.firstPhotos.has(f.photoId), 'a stranger has no named photo');
    }
    for (const name of s.named) {
      const mine = fs.filter((f) => f.identity === name);
      const first = mine.filter((f) => s.firstPhotos.has(f.photoId));
      // ceil(n/2), at least one, and they are the first by path
      assert.equal(first.length, Math.max(1, Math.ceil(mine.length / 2)));
      assert.deepEqual(first, mine.slice(0, first.length));
    }
  }
  assert.deepEqual(
    namingSplits(fs, { splits: 4, seed: 3 }).map((s) => [...s.named].sort()),
    splits.map((s) => [...s.named].sort()),
  );
  assert.ok(new Set(splits.map((s) => [...s.named].sort().join())).size > 1, 'splits differ');
});

test('FNIR at FPIR: the threshold sits below the first stranger beyond the allowed share', () => {
  const strangers = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3];
  const mates = [
    { distance: 0.2, rightPerson: true },
    { distance: 0.4, rightPerson: true },
    { distance: 0.45, rightPerson: false },
    { distance: 0.55, rightPerson: true },
  ];
  // FPIR 0.1 allows 1 of 10 strangers: threshold below 0.5 -> 0.2 and 0.4 found; 0.45 wrong person; 0.55 beyond
  assert.equal(fnirAtFpir(mates, strangers, 0.1), 0.5);
  // FPIR 0.01 allows none: below 0.3 -> only 0.2
  assert.equal(fnirAtFpir(mates, strangers, 0.01), 0.75);
  assert.equal(fnirAtFpir([], strangers, 0.01), 0);
});

test('spread: mean, sample sd, min, max', () => {
  const s = spread([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.sd - Math.sqrt(5 / 3)) < 1e-12);
  assert.deepEqual([s.min, s.max], [1, 4]);
});
