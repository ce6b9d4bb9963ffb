import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { unitVector as u } from './testing/seed-library';
import { formatReport, verifyReport } from './verify-report';
import { syntheticFaces } from './synthetic-faces';

describe('verification report', () => {
  it('has every key of the eval verify JSON, with hand-checkable values', () => {
    // Two people, two faces each, far apart: 2 same pairs at chord(.2) and chord(.4), 4 different pairs at √2.
    const faces = [
      { identity: 'ann', descriptor: u(0, 0) },
      { identity: 'ann', descriptor: u(0, 0.2) },
      { identity: 'bob', descriptor: u(1, 0) },
      { identity: 'bob', descriptor: u(1, 0.4) },
    ];
    const r = verifyReport(faces);
    assert.deepEqual(r.pairs, { same: 2, diff: 4 });
    assert.equal(r.faces, 4);
    assert.equal(r.identities, 2);
    assert.equal(r.auc, 1);
    assert.equal(r.bestAccuracy, 1);
    assert.ok(r.bestThreshold! > 2 * Math.sin(0.2) && r.bestThreshold! < 1.3);
    assert.equal(r.valAtFar['1e-2'], 1);
    assert.equal(r.valAtFar['1e-3'], 1);
    assert.equal(r.farAtThreshold['1e-3'], 0);
    assert.ok(Math.abs(r.thresholdAtFar['1e-3']! - Math.sqrt(2 - 2 * Math.sin(0.2) * Math.sin(0.4))) < 1e-6);
    assert.equal(r.kfoldAccuracy, null, '6 pairs cannot make 10 folds');
    const json = JSON.parse(JSON.stringify(r));
    for (const key of [
      'pairs',
      'auc',
      'bestAccuracy',
      'bestThreshold',
      'kfoldAccuracy',
      'valAtFar',
      'thresholdAtFar',
    ]) {
      assert.ok(key in json, key);
    }
    assert.match(formatReport(r), /VAL at FAR 1e-3: 100\.00%/);
  });

  it('undefined figures are null, not NaN: one identity has no different pairs', () => {
    const r = verifyReport([
      { identity: 'ann', descriptor: u(0, 0) },
      { identity: 'ann', descriptor: u(0, 0.3) },
    ]);
    assert.deepEqual(r.pairs, { same: 1, diff: 0 });
    assert.equal(r.auc, null);
    assert.deepEqual(r.valAtFar, { '1e-2': null, '1e-3': null });
    assert.equal(r.bestAccuracy, 1);
    assert.doesNotThrow(() => formatReport(r));
  });

  it('a realistic set gives k-fold accuracy close to the best, and refuses bad input', () => {
    const { vectors, labels } = syntheticFaces({ identities: 30, perIdentity: 6, spread: 0.05, seed: 3 });
    const faces = Array.from(labels, (l, i) => ({
      identity: `p${l}`,
      descriptor: vectors.subarray(i * DESCRIPTOR_SIZE, (i + 1) * DESCRIPTOR_SIZE),
    }));
    const r = verifyReport(faces);
    assert.deepEqual(r.pairs, { same: 30 * 15, diff: (180 * 179) / 2 - 30 * 15 });
    assert.ok(r.kfoldAccuracy! <= r.bestAccuracy! && r.kfoldAccuracy! > r.bestAccuracy! - 0.02);
    assert.ok(r.valAtFar['1e-2']! >= r.valAtFar['1e-3']!);
    assert.ok(r.thresholdAtFar['1e-2']! >= r.thresholdAtFar['1e-3']!);
    assert.throws(() => verifyReport(faces.slice(0, 1)), /at least two/);
    assert.throws(() => verifyReport([faces[0], { identity: 'x', descriptor: new Float32Array(3) }]), /3 values/);
  });
});
