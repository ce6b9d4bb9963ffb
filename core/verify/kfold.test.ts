import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignFolds, kFoldAccuracy } from './kfold';
import { accuracyAt, bestAccuracy } from './metrics';
import { pairStats, pairStatsFromDistances, type PairStats } from './pair-stats';
import { syntheticFaces } from './synthetic-faces';

/** The protocol written out plainly: copy the k−1 training folds, choose their best threshold, score the rest. */
function referenceKFold(stats: PairStats, k: number, seed: number) {
  const fold = assignFolds(stats, k, seed);
  const part = (f: number, held: boolean): PairStats => {
    const same = stats.same.filter((_, i) => (fold.same[i] === f) === held);
    const diff = stats.diff.filter((_, i) => (fold.diff[i] === f) === held);
    return {
      ...stats,
      same,
      diff,
      sameTotal: (same.length * stats.sameTotal) / stats.same.length || 0,
      diffTotal: (diff.length * stats.diffTotal) / stats.diff.length || 0,
    };
  };
  return Array.from({ length: k }, (_, f) => {
    const { threshold } = bestAccuracy(part(f, false));
    return { threshold, accuracy: accuracyAt(part(f, true), threshold) };
  });
}

describe('k-fold accuracy (LFW protocol)', () => {
  it('the one-sweep implementation equals the protocol written out, ties included', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { vectors, labels } = syntheticFaces({ identities: 15, perIdentity: 5, dim: 16, spread: 0.2, seed });
      const raw = pairStats(vectors, labels);
      // Rounded to 2 decimals: many ties within and across same/diff and across folds.
      const round = (a: Float64Array) => Array.from(a, (d) => Math.round(d * 100) / 100);
      for (const s of [raw, pairStatsFromDistances(round(raw.same), round(raw.diff))]) {
        for (const k of [2, 5, 10]) {
          const got = kFoldAccuracy(s, { k, seed });
          const want = referenceKFold(s, k, seed);
          got.folds.forEach((f, i) => {
            assert.equal(f.threshold, want[i].threshold, `seed ${seed} k ${k} fold ${i}`);
            assert.ok(Math.abs(f.accuracy - want[i].accuracy) < 1e-12);
          });
        }
      }
    }
  });

  it('matches the written-out protocol on sampled pairs too', () => {
    const { vectors, labels } = syntheticFaces({ identities: 40, perIdentity: 6, dim: 16, spread: 0.2, seed: 8 });
    const s = pairStats(vectors, labels, { maxDiffPairs: 3000, maxSamePairs: 200, seed: 4 });
    assert.ok(s.sampled.diff && s.sampled.same);
    const got = kFoldAccuracy(s, { k: 10, seed: 3 });
    const want = referenceKFold(s, 10, 3);
    got.folds.forEach((f, i) => assert.ok(Math.abs(f.accuracy - want[i].accuracy) < 1e-9));
  });

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
