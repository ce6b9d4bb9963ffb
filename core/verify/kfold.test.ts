import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kFoldAccuracy } from './kfold';
import { bestAccuracy } from './metrics';
import { pairStats, pairStatsFromDistances } from './pair-stats';
import { syntheticFaces } from './synthetic-faces';

describe('k-fold accuracy (LFW protocol)', () => {
  it('perfectly separated pairs score 1 on every fold', () => {
    const s = pairStatsFromDistances([0.1, 0.2, 0.3, 0.15, 0.25], [0.8, 0.9, 1.0, 1.1, 0.95, 0.85, 1.2]);
    const r = kFoldAccuracy(s, { k: 3 });
    assert.equal(r.folds.length, 3);
    assert.equal(r.mean, 1);
    assert.equal(r.std, 0);
    for (const f of r.folds) assert.ok(f.threshold > 0.3 && f.threshold < 0.8);
  });

  it('all distances equal: each fold can only reject all, scoring its share of different pairs', () => {
    const s = pairStatsFromDistances([1, 1], [1, 1, 1, 1]);
    const r = kFoldAccuracy(s, { k: 2 });
    // Round-robin: fold 0 gets one same pair and two diff pairs, fold 1 likewise.
    assert.deepEqual(
      r.folds.map((f) => f.accuracy),
      [2 / 3, 2 / 3],
    );
  });

  it('every pair is held out exactly once, and the mean is close to the in-sample best', () => {
    const { vectors, labels } = syntheticFaces({ identities: 20, perIdentity: 6, dim: 32, spread: 0.14, seed: 5 });
    const s = pairStats(vectors, labels);
    const r = kFoldAccuracy(s, { k: 10, seed: 2 });
    assert.equal(
      r.folds.reduce((n, f) => n + f.pairs, 0),
      s.same.length + s.diff.length,
    );
    const inSample = bestAccuracy(s).accuracy;
    assert.ok(r.mean <= inSample + 1e-12, 'held-out accuracy cannot beat the in-sample optimum on average');
    assert.ok(r.mean > inSample - 0.02);
    assert.deepEqual(kFoldAccuracy(s, { k: 10, seed: 2 }), r);
  });

  it('refuses k < 2 or fewer pairs than folds', () => {
    const s = pairStatsFromDistances([0.1], [0.5]);
    assert.throws(() => kFoldAccuracy(s, { k: 1 }), RangeError);
    assert.throws(() => kFoldAccuracy(s, { k: 3 }), /at least k = 3 pairs/);
  });
});
