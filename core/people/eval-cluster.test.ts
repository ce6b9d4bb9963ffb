import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateClustering, transferAcrossIdentities, type EvalFace } from './eval-cluster';
import { around, randomCentre, rng } from './testing/fixture-db';

/** 12 well-separated identities of 4 faces each (one face per photo). */
function faces(): EvalFace[] {
  const r = rng(8);
  const out: EvalFace[] = [];
  for (let id = 0; id < 12; id++) {
    const c = randomCentre(r);
    for (let m = 0; m < 4; m++)
      out.push({ identity: `id${id}`, photoId: out.length + 1, descriptor: around(c, 0.1, r) });
  }
  return out;
}

test('clustering separable identities scores perfectly, and a too-large threshold merges everyone', () => {
  const good = evaluateClustering(faces(), { algorithm: 'average', threshold: 0.45, minClusterSize: 1 });
  assert.equal(good.bcubedF1, 1);
  assert.equal(good.clusters, 12);
  const merged = evaluateClustering(faces(), { algorithm: 'single', threshold: 1.9, minClusterSize: 1 });
  assert.equal(merged.clusters, 1);
  assert.ok(merged.bcubedPrecision < 0.1);
});

test('the transfer check tunes on half the identities and scores on the other half', () => {
  const t = transferAcrossIdentities(faces(), { algorithm: 'average', minClusterSize: 1 }, { splits: 3 });
  assert.equal(t.splits, 3);
  assert.equal(t.tunedMeanF1, 1);
  assert.ok(t.ruleMeanF1 > 0.99);
  assert.ok(t.oracleMeanF1 >= t.tunedMeanF1);
});

test('scores come per quality band when faces carry their quality, and poor faces need closer matches', () => {
  const withQ = faces().map((f, i) => ({ ...f, quality: i % 2 ? 0.9 : 0.3 }));
  const s = evaluateClustering(withQ, { algorithm: 'average', threshold: 0.45, minClusterSize: 1 });
  assert.deepEqual(
    s.bands.map((b) => [b.band, b.faces]),
    [
      ['low', 24],
      ['high', 24],
    ],
  );
  for (const b of s.bands) assert.equal(b.bcubedPrecision, 1);
  assert.deepEqual(evaluateClustering(faces(), { algorithm: 'average', threshold: 0.45, minClusterSize: 1 }).bands, []);
  // identities 0.14 apart within: every face poor -> threshold 0.45 x 0.6 = 0.27 still holds them; at 0.2 it does not
  const poor = faces().map((f) => ({ ...f, quality: 0 }));
  const plain = evaluateClustering(poor, {
    algorithm: 'average',
    threshold: 0.2,
    minClusterSize: 1,
    qualityAware: false,
  });
  const aware = evaluateClustering(poor, { algorithm: 'average', threshold: 0.2, minClusterSize: 1 });
  assert.ok(aware.bcubedRecall < plain.bcubedRecall, `${aware.bcubedRecall} < ${plain.bcubedRecall}`);
});
