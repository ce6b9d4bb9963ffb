import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../verify/rng';
import { negativeOnlyLabel } from './batch-sampler';
import { isNegativeFor, mineSemiHard, squaredDistances } from './semi-hard-miner';

const ALPHA = 0.2;

test('a hand-made batch: the semi-hard negative, the inactive pair and the fallback are the ones by definition', () => {
  // 1-D points (dim 1): anchor 0 at 0, positive 1 at 0.5 (d_ap² = 0.25).
  // Negatives: 2 at 0.3 (0.09: harder than the positive), 3 at 0.6 (0.36: in the band 0.25..0.45),
  // 4 at 0.65 (0.4225: also in the band but farther), 5 at 2 (4: beyond the margin).
  const emb = new Float32Array([0, 0.5, 0.3, 0.6, 0.65, 2]);
  const labels = new Int32Array([0, 0, 1, 1, 2, 3]);
  const t = mineSemiHard(emb, 1, labels, ALPHA);
  const i01 = [...t.anchor.keys()].find((i) => t.anchor[i] === 0 && t.positive[i] === 1)!;
  assert.equal(t.kind[i01], 'semi-hard');
  assert.equal(t.negative[i01], 3, 'the closest negative inside the band, not the hardest (2) nor 4');
  // Pair (1, 0): from 0.5, d_ap² = 0.25; negatives 0.3 → 0.04, 0.6 → 0.01, 0.65 → 0.0225, 2 → 2.25.
  // None is in (0.25, 0.45); the closest farther one (5) is beyond the margin: inactive.
  const i10 = [...t.anchor.keys()].find((i) => t.anchor[i] === 1 && t.positive[i] === 0)!;
  assert.equal(t.kind[i10], 'inactive');
  assert.equal(t.negative[i10], -1);
  // Pair (2, 3) of person 1: 0.3 vs 0.6, d_ap² = 0.09; negative 0 at 0.09 is not strictly farther; 1 at 0.5 → 0.04,
  // 4 at 0.65 → 0.1225 (in band 0.09..0.29) → semi-hard 4.
  const i23 = [...t.anchor.keys()].find((i) => t.anchor[i] === 2 && t.positive[i] === 3)!;
  assert.equal(t.negative[i23], 4);
  assert.equal(t.pairs, 4, 'all ordered anchor-positive pairs: (0,1), (1,0), (2,3), (3,2)');
});

test('when every negative is closer than the positive, the farthest of them stands in (never the hardest)', () => {
  const emb = new Float32Array([0, 1, 0.1, 0.2]);
  const labels = new Int32Array([0, 0, 1, 2]);
  const t = mineSemiHard(emb, 1, labels, ALPHA);
  const i = [...t.anchor.keys()].find((k) => t.anchor[k] === 0)!;
  assert.equal(t.kind[i], 'fallback');
  assert.equal(t.negative[i], 3);
});

test('on random embeddings every chosen negative obeys the definition exactly', () => {
  const rng = createRng(3);
  for (let trial = 0; trial < 20; trial++) {
    const n = 24;
    const dim = 8;
    const emb = new Float32Array(n * dim).map(() => rng.next() - 0.5);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 6);
    labels[n - 1] = negativeOnlyLabel(2); // an extra negative for person 2 only
    const t = mineSemiHard(emb, dim, labels, ALPHA);
    const d = squaredDistances(emb, dim);
    let expectedPairs = 0;
    for (let a = 0; a < n; a++)
      for (let p = 0; p < n; p++) if (a !== p && labels[a] >= 0 && labels[a] === labels[p]) expectedPairs++;
    assert.equal(t.pairs, expectedPairs);
    for (let i = 0; i < t.pairs; i++) {
      const a = t.anchor[i];
      const p = t.positive[i];
      const dap = d[a * n + p];
      const negs = [...labels.keys()].filter((q) => isNegativeFor(labels[a], labels[q]));
      const band = negs.filter((q) => d[a * n + q] > dap && d[a * n + q] < dap + ALPHA);
      const farther = negs.filter((q) => d[a * n + q] > dap);
      if (band.length) {
        assert.equal(t.kind[i], 'semi-hard');
        const chosen = t.negative[i];
        assert.ok(band.includes(chosen), 'the negative lies inside the margin band');
        assert.equal(d[a * n + chosen], Math.min(...band.map((q) => d[a * n + q])));
      } else if (farther.length) {
        assert.equal(t.kind[i], 'inactive');
      } else {
        assert.equal(t.kind[i], 'fallback');
        assert.equal(d[a * n + t.negative[i]], Math.max(...negs.map((q) => d[a * n + q])));
      }
      if (t.negative[i] >= 0) assert.ok(isNegativeFor(labels[a], labels[t.negative[i]]));
    }
  }
});

test('an extra negative ("not this person") serves only against the person it was marked for', () => {
  assert.equal(isNegativeFor(2, negativeOnlyLabel(2)), true);
  assert.equal(isNegativeFor(1, negativeOnlyLabel(2)), false);
  assert.equal(isNegativeFor(1, 1), false);
  assert.equal(isNegativeFor(1, 0), true);
});

test('harmonic mining: anchors only among the new embeddings, positives and negatives from both', () => {
  // Rows 0-3 new, rows 4-7 the parent's embeddings of the same faces.
  const emb = new Float32Array([0, 0.1, 1, 1.1, 0.05, 0.15, 1.05, 1.15]);
  const labels = new Int32Array([0, 0, 1, 1, 0, 0, 1, 1]);
  const t = mineSemiHard(emb, 1, labels, ALPHA, 4);
  assert.ok(Array.from(t.anchor).every((a) => a < 4));
  assert.ok(Array.from(t.positive).some((p) => p >= 4));
  assert.equal(t.pairs, 4 * 3);
});
