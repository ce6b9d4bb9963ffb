import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dkwEpsilon } from './error-bounds';
import { auc, bestAccuracy, accuracyAt, operatingPointAtFar, thresholdAtFar, valFar } from './metrics';
import { pairStats } from './pair-stats';
import { countAtMost } from './sorted-search';
import { syntheticFaces } from './synthetic-faces';

/** Brute force over every pair: the reference the sorted path must agree with. */
function bruteForce(vectors: Float32Array, labels: Int32Array) {
  const n = labels.length;
  const dim = vectors.length / n;
  const same: number[] = [];
  const diff: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let sq = 0;
      for (let k = 0; k < dim; k++) sq += (vectors[i * dim + k] - vectors[j * dim + k]) ** 2;
      (labels[i] === labels[j] ? same : diff).push(Math.sqrt(sq));
    }
  return { same: same.sort((a, b) => a - b), diff: diff.sort((a, b) => a - b) };
}

describe('pairStats on constructed vectors', () => {
  // a = e1, b = e1, c = e2, d = −e1; labels [0, 0, 1, 1]
  const dim = 4;
  const vectors = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0]);
  const labels = Int32Array.from([0, 0, 1, 1]);
  const s = pairStats(vectors, labels);

  it('splits the 6 pairs into same {0, √2} and diff {√2, √2, 2, 2}', () => {
    assert.deepEqual(Array.from(s.same), [0, Math.SQRT2]);
    assert.deepEqual(Array.from(s.diff), [Math.SQRT2, Math.SQRT2, 2, 2]);
    assert.equal(s.sameTotal, 2);
    assert.equal(s.diffTotal, 4);
    assert.deepEqual(s.sampled, { same: false, diff: false });
    assert.deepEqual(s.errorBound, { val: 0, far: 0 });
    assert.equal(vectors.length / labels.length, dim);
  });

  it('AUC with a same/diff tie at √2 = (4 + 2 + 2·½) / 8', () => assert.equal(auc(s), 7 / 8));

  it('one identity: only same pairs', () => {
    const one = pairStats(vectors, Int32Array.from([5, 5, 5, 5]));
    assert.equal(one.same.length, 6);
    assert.equal(one.diff.length, 0);
    assert.ok(Number.isNaN(thresholdAtFar(one, 1e-3)));
    assert.equal(valFar(one, 1.5).val, 4 / 6);
  });

  it('rejects vectors that do not split into the labels', () => {
    assert.throws(() => pairStats(new Float32Array(7), Int32Array.from([0, 1])), /do not split/);
    assert.throws(() => pairStats(new Float32Array(0), new Int32Array(0)), /no faces/);
    assert.throws(
      () => pairStats(Float32Array.from([0, 1, NaN, 1]), Int32Array.from([0, 1])),
      /descriptor 1 .*not a finite/,
    );
  });
});

describe('properties on seeded random sets', () => {
  for (const seed of [1, 2, 3, 4]) {
    const { vectors, labels } = syntheticFaces({
      identities: 8 + seed,
      perIdentity: 3 + seed,
      dim: 16,
      spread: 0.15,
      seed,
    });
    const s = pairStats(vectors, labels);
    const ref = bruteForce(vectors, labels);

    it(`seed ${seed}: exact path equals brute force`, () => {
      assert.equal(s.same.length, ref.same.length);
      assert.equal(s.diff.length, ref.diff.length);
      ref.same.forEach((d, i) => assert.ok(Math.abs(d - s.same[i]) < 1e-6));
      ref.diff.forEach((d, i) => assert.ok(Math.abs(d - s.diff[i]) < 1e-6));
    });

    it(`seed ${seed}: VAL and FAR are monotone in d`, () => {
      let prev = valFar(s, -1);
      for (let d = 0; d <= 2.001; d += 0.01) {
        const cur = valFar(s, d);
        assert.ok(cur.val >= prev.val && cur.far >= prev.far, `not monotone at ${d}`);
        prev = cur;
      }
      assert.equal(prev.val, 1);
      assert.equal(prev.far, 1);
    });

    it(`seed ${seed}: threshold at FAR meets the target and is the largest that does`, () => {
      for (const target of [0, 1e-3, 1e-2, 0.05, 0.3, 0.9]) {
        const t = thresholdAtFar(s, target);
        assert.ok(valFar(s, t).far <= target, `FAR ${valFar(s, t).far} > ${target}`);
        // The first diff distance above t breaks the target, so nothing larger than t qualifies.
        const next = s.diff[countAtMost(s.diff, t)];
        assert.ok(valFar(s, next).far > target);
      }
    });

    it(`seed ${seed}: AUC and best accuracy equal brute force`, () => {
      // O(n·m) references over the same distances (the merge and the sweep are what is under test).
      let wins = 0;
      for (const a of s.same) for (const b of s.diff) wins += a < b ? 1 : a === b ? 0.5 : 0;
      assert.ok(Math.abs(auc(s) - wins / s.same.length / s.diff.length) < 1e-12);
      let best = accuracyAt(s, -1);
      for (const d of [...s.same, ...s.diff]) best = Math.max(best, accuracyAt(s, d));
      const b = bestAccuracy(s);
      assert.ok(Math.abs(b.accuracy - best) < 1e-12);
      assert.ok(Math.abs(accuracyAt(s, b.threshold) - best) < 1e-12);
    });
  }
});

describe('sampled path', () => {
  const { vectors, labels } = syntheticFaces({ identities: 60, perIdentity: 10, dim: 32, spread: 0.12, seed: 11 });
  const exact = pairStats(vectors, labels, { maxDiffPairs: Infinity, maxSamePairs: Infinity });
  const supDiff = (a: Float64Array, b: Float64Array) => {
    let sup = 0;
    for (const d of b) sup = Math.max(sup, Math.abs(countAtMost(a, d) / a.length - countAtMost(b, d) / b.length));
    for (const d of a) sup = Math.max(sup, Math.abs(countAtMost(a, d) / a.length - countAtMost(b, d) / b.length));
    return sup;
  };

  it('agrees with the exact path within its stated 95% bounds in about 95% of seeds', () => {
    assert.equal(exact.diffTotal, (600 * 599) / 2 - 60 * 45);
    const misses = { far: 0, val: 0, interval: 0 };
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      const s = pairStats(vectors, labels, { maxDiffPairs: 20_000, maxSamePairs: 1000, seed });
      assert.deepEqual(s.sampled, { same: true, diff: true });
      assert.equal(s.diff.length, 20_000);
      assert.equal(s.diffTotal, exact.diffTotal);
      assert.equal(s.errorBound.far, dkwEpsilon(20_000));
      if (supDiff(exact.diff, s.diff) > s.errorBound.far) misses.far++;
      if (supDiff(exact.same, s.same) > s.errorBound.val) misses.val++;
      // The true FAR at the sampled threshold should lie within the reported interval.
      const op = operatingPointAtFar(s, 1e-2);
      const trueFar = valFar(exact, op.threshold).far;
      if (trueFar < op.farInterval.lo || trueFar > op.farInterval.hi) misses.interval++;
      assert.ok(Math.abs(auc(s) - auc(exact)) < 0.01);
      assert.ok(Math.abs(bestAccuracy(s).accuracy - bestAccuracy(exact).accuracy) < 0.01);
    }
    // A 95% bound misses in 5% of runs: P(more than 6 misses of 40) < 0.003 when the bound is right, while a biased
    // sampler or a wrong bound misses in most runs.
    for (const [what, n] of Object.entries(misses)) assert.ok(n <= 6, `${what}: ${n} of ${runs} outside the bound`);
  });

  it('is reproducible from its seed', () => {
    const a = pairStats(vectors, labels, { maxDiffPairs: 5000, seed: 9 });
    const b = pairStats(vectors, labels, { maxDiffPairs: 5000, seed: 9 });
    assert.deepEqual(a.diff, b.diff);
  });

  it('never draws a same-identity pair as a different one', () => {
    // Two identities whose faces are identical within an identity: any same pair drawn as diff would be at 0.
    const v = new Float32Array([1, 0, 1, 0, 1, 0, 0, 1, 0, 1]);
    const s = pairStats(v, Int32Array.from([0, 0, 0, 1, 1]), { maxDiffPairs: 3, maxSamePairs: 2, seed: 3 });
    assert.ok(s.diff.every((d) => Math.abs(d - Math.SQRT2) < 1e-12));
    assert.ok(s.same.every((d) => d === 0));
  });
});
