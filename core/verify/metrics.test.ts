import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracyAt, auc, bestAccuracy, operatingPointAtFar, rocCurve, thresholdAtFar, valFar } from './metrics';
import { pairStatsFromDistances } from './pair-stats';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

describe('metrics on hand-computed sets', () => {
  // same: 0.1 0.2 0.4   diff: 0.3 0.5 0.6 0.7
  const s = pairStatsFromDistances([0.4, 0.1, 0.2], [0.6, 0.3, 0.7, 0.5]);

  it('VAL/FAR/TA/FA count pairs with distance <= d', () => {
    assert.deepEqual(valFar(s, 0.3), { val: 2 / 3, far: 1 / 4, ta: 2, fa: 1 });
    assert.deepEqual(valFar(s, 0.4), { val: 1, far: 1 / 4, ta: 3, fa: 1 });
    assert.deepEqual(valFar(s, 0.05), { val: 0, far: 0, ta: 0, fa: 0 });
    assert.deepEqual(valFar(s, 2), { val: 1, far: 1, ta: 3, fa: 4 });
  });

  it('AUC = P(same closer than diff) = 11/12', () => close(auc(s), 11 / 12));

  it('threshold at FAR is the largest d meeting the target', () => {
    const t = thresholdAtFar(s, 0.25); // one false accept allowed: every d < 0.5
    assert.ok(t < 0.5 && t > 0.4999999999);
    assert.deepEqual(valFar(s, t), { val: 1, far: 0.25, ta: 3, fa: 1 });
    const t0 = thresholdAtFar(s, 0.2); // none allowed: every d < 0.3
    assert.ok(t0 < 0.3 && t0 > 0.2999999999);
    assert.equal(valFar(s, t0).far, 0);
    assert.equal(valFar(s, t0).val, 2 / 3);
  });

  it('best accuracy is 6/7 on [0.2, 0.3), midpoint returned', () => {
    const b = bestAccuracy(s);
    close(b.accuracy, 6 / 7);
    close(b.threshold, 0.25);
    close(accuracyAt(s, b.threshold), 6 / 7);
  });

  it('ROC corners go from (0,0) to (1,1) in threshold order', () => {
    const roc = rocCurve(s);
    assert.deepEqual(
      roc.map((p) => [p.far, p.val]),
      [
        [0, 0],
        [0, 1 / 3],
        [0, 2 / 3],
        [1 / 4, 2 / 3],
        [1 / 4, 1],
        [2 / 4, 1],
        [3 / 4, 1],
        [1, 1],
      ],
    );
  });
});

describe('ties', () => {
  // same: 0.5 0.5   diff: 0.5 0.5 0.9
  const s = pairStatsFromDistances([0.5, 0.5], [0.5, 0.5, 0.9]);

  it('AUC counts ties as 1/2: (1 + 2·½)·2 / 6 = 2/3', () => close(auc(s), 2 / 3));

  it('a tie at the cut is never split: all pairs at 0.5 are rejected together', () => {
    const t = thresholdAtFar(s, 0.5); // 1 false accept allowed, but the two at 0.5 go together
    assert.ok(t < 0.5);
    assert.deepEqual(valFar(s, t), { val: 0, far: 0, ta: 0, fa: 0 });
    const t2 = thresholdAtFar(s, 0.7); // 2 allowed
    assert.ok(t2 < 0.9 && t2 > 0.5);
    assert.deepEqual(valFar(s, t2), { val: 1, far: 2 / 3, ta: 2, fa: 2 });
  });

  it('best accuracy: accepting at 0.5 gains 2 and loses 2, so the lowest optimum (accept none) wins', () => {
    const b = bestAccuracy(s);
    close(b.accuracy, 3 / 5);
    close(b.threshold, 0.25);
  });
});

describe('degenerate sets', () => {
  it('all distances equal: AUC 1/2, nothing can be accepted at FAR < 1', () => {
    const s = pairStatsFromDistances([1, 1], [1, 1, 1]);
    close(auc(s), 0.5);
    const t = thresholdAtFar(s, 0.5);
    assert.deepEqual(valFar(s, t), { val: 0, far: 0, ta: 0, fa: 0 });
    close(bestAccuracy(s).accuracy, 3 / 5);
    assert.deepEqual(
      rocCurve(s).map((p) => [p.far, p.val]),
      [
        [0, 0],
        [1, 1],
      ],
    );
  });

  it('no different pairs: VAL defined, FAR/AUC/threshold undefined (NaN), accuracy 1 by accepting all', () => {
    const s = pairStatsFromDistances([0.2, 0.6], []);
    const at = valFar(s, 0.3);
    assert.equal(at.val, 0.5);
    assert.ok(Number.isNaN(at.far));
    assert.ok(Number.isNaN(auc(s)));
    assert.ok(Number.isNaN(thresholdAtFar(s, 1e-3)));
    assert.deepEqual(bestAccuracy(s), { accuracy: 1, threshold: 0.6 });
    assert.deepEqual(rocCurve(s), []);
  });

  it('no same pairs: VAL undefined, best accuracy 1 by accepting nothing', () => {
    const s = pairStatsFromDistances([], [0.4, 0.8]);
    assert.ok(Number.isNaN(valFar(s, 1).val));
    assert.equal(valFar(s, 0.5).far, 0.5);
    assert.deepEqual(bestAccuracy(s), { accuracy: 1, threshold: 0.2 });
  });

  it('no pairs at all: NaN, not a made-up number', () => {
    const s = pairStatsFromDistances([], []);
    assert.ok(Number.isNaN(bestAccuracy(s).accuracy));
    assert.ok(Number.isNaN(accuracyAt(s, 0.5)));
  });

  it('rejects a target FAR outside [0, 1) and negative distances', () => {
    const s = pairStatsFromDistances([0.1], [0.2]);
    assert.throws(() => thresholdAtFar(s, 1), RangeError);
    assert.throws(() => thresholdAtFar(s, -0.1), RangeError);
    assert.throws(() => pairStatsFromDistances([-1], [0.2]), RangeError);
    assert.throws(() => pairStatsFromDistances([NaN], [0.2]), RangeError);
  });

  it('target FAR 1e-3 with 1000 diff pairs allows exactly one false accept', () => {
    const diff = Array.from({ length: 1000 }, (_, i) => 0.5 + i / 1000);
    const s = pairStatsFromDistances([0.1, 0.9], diff);
    const op = operatingPointAtFar(s, 1e-3);
    assert.equal(op.fa, 1);
    assert.equal(op.far, 1e-3);
    assert.ok(op.threshold < 0.501 && op.threshold >= 0.5);
    assert.deepEqual(op.farInterval, { lo: 1e-3, hi: 1e-3 });
  });
});
