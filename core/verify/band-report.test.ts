import assert from 'node:assert/strict';
import { test } from 'node:test';
import { around, randomCentre, rng } from '../people/testing/fixture-db';
import { bandFigures, pairFiguresByBand } from './band-report';
import { bandOf } from './quality-bands';

test('quality bands cover [0, 1] in order', () => {
  assert.equal(bandOf(0), 'low');
  assert.equal(bandOf(0.49), 'low');
  assert.equal(bandOf(0.5), 'medium');
  assert.equal(bandOf(0.8), 'good');
  assert.equal(bandOf(0.85), 'high');
  assert.equal(bandOf(1), 'high');
});

test('per band: pairs go to the band of their lower-quality face, precision and recall counted apart', () => {
  const r = rng(4);
  const a = randomCentre(r);
  const b = randomCentre(r);
  // two sharp faces of A (same pair, high band), a poor face of B lying on A (a false accept, low band)
  const faces = [
    { identity: 'A', descriptor: around(a, 0.1, r), quality: 0.9 },
    { identity: 'A', descriptor: around(a, 0.1, r), quality: 0.9 },
    { identity: 'B', descriptor: around(a, 0.1, r), quality: 0.3 },
    { identity: 'B', descriptor: around(b, 0.1, r), quality: 0.3 },
  ];
  const { bands } = pairFiguresByBand(faces, () => 0.38);
  const high = bands.find((x) => x.band === 'high')!;
  const low = bands.find((x) => x.band === 'low')!;
  assert.deepEqual([high.samePairs, high.diffPairs, high.recall, high.precision], [1, 0, 1, 1]);
  // low: B-B same pair (far apart: missed), B-A pairs x2 accepted wrongly, B(b)-A pairs x2 rejected
  assert.equal(low.samePairs, 1);
  assert.equal(low.diffPairs, 4);
  assert.equal(low.recall, 0);
  assert.equal(low.precision, 0);
  assert.equal(low.far, 0.5);
  // the quality-aware reading rejects what a poor face cannot support at distance ~0.14 only below 0.6 x 0.38
  const both = bandFigures(faces, 0.38);
  assert.equal(both.atThreshold.length, both.qualityAware.length);
  assert.equal(both.sampledFaces, null);
});
