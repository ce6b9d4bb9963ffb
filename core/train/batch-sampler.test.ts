import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../verify/rng';
import { BatchSampler, negativeOnlyLabel } from './batch-sampler';

// 12 people with 2..9 faces, one person with a single face, and an unlabelled face marked "not person 3".
const labels = Int32Array.from([...Array.from({ length: 12 }, (_, p) => Array(2 + (p % 8)).fill(p)).flat(), 12, -1]);
const extraRow = labels.length - 1;
const set = { labels, extraNegatives: { faces: Int32Array.from([extraRow]), people: Int32Array.from([3]) } };

test('every batch holds 8 people with min(4, their faces) distinct faces each, all from that person', () => {
  const sampler = new BatchSampler(set, { people: 8, facesPerPerson: 4 }, createRng(1));
  assert.equal(sampler.eligiblePeople, 12, 'the person with one face cannot give a positive pair');
  for (let b = 0; b < 50; b++) {
    const batch = sampler.next();
    const count = new Map<number, Set<number>>();
    batch.rows.forEach((r, i) => {
      const l = batch.labels[i];
      if (l < 0) {
        assert.equal(r, extraRow);
        assert.equal(l, negativeOnlyLabel(3));
        return;
      }
      assert.equal(labels[r], l, 'a row carries its own person');
      if (!count.has(l)) count.set(l, new Set());
      count.get(l)!.add(r);
    });
    assert.equal(count.size, 8);
    for (const [p, rows] of count) {
      const available = labels.filter((x) => x === p).length;
      assert.equal(rows.size, Math.min(4, available), `person ${p}`);
    }
    assert.ok(!count.has(12));
    const hasExtra = batch.labels.some((l) => l < 0);
    assert.equal(hasExtra, count.has(3), 'the extra negative comes exactly when its person is in the batch');
  }
});

test('the same seed gives the same batches; another seed does not', () => {
  const a = new BatchSampler(set, { people: 4, facesPerPerson: 2 }, createRng(5));
  const b = new BatchSampler(set, { people: 4, facesPerPerson: 2 }, createRng(5));
  const c = new BatchSampler(set, { people: 4, facesPerPerson: 2 }, createRng(6));
  const seq = (s: BatchSampler) => Array.from({ length: 5 }, () => Array.from(s.next().rows).join(',')).join('|');
  const sa = seq(a);
  assert.equal(sa, seq(b));
  assert.notEqual(sa, seq(c));
});

test('fewer than two people with two faces is refused with a clear message', () => {
  const s = new BatchSampler(
    { labels: Int32Array.from([0, 0, 1]), extraNegatives: { faces: new Int32Array(0), people: new Int32Array(0) } },
    { people: 8, facesPerPerson: 4 },
    createRng(1),
  );
  assert.throws(() => s.next(), /at least two people/);
});
