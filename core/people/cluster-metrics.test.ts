import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreClustering } from './cluster-metrics';

test('BCubed and pairwise scores match a hand-computed example', () => {
  // truth a a b b; prediction {0,1,2} {3}
  const s = scoreClustering(['a', 'a', 'b', 'b'], [0, 0, 0, 1]);
  assert.ok(Math.abs(s.bcubedPrecision - 2 / 3) < 1e-12);
  assert.ok(Math.abs(s.bcubedRecall - 3 / 4) < 1e-12);
  assert.ok(Math.abs(s.bcubedF1 - (2 * (2 / 3) * (3 / 4)) / (2 / 3 + 3 / 4)) < 1e-12);
  assert.ok(Math.abs(s.pairwisePrecision - 1 / 3) < 1e-12);
  assert.ok(Math.abs(s.pairwiseRecall - 1 / 2) < 1e-12);
  assert.equal(s.clusters, 2);
  assert.equal(s.identities, 2);
});

test('unclustered points count as singletons', () => {
  const s = scoreClustering([1, 1, 2], [-1, -1, -1]);
  assert.equal(s.bcubedPrecision, 1);
  assert.equal(s.bcubedRecall, (0.5 + 0.5 + 1) / 3);
  assert.equal(s.clusters, 3);
  assert.equal(s.unclustered, 3);
});
