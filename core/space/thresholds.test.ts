import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../db/connection';
import { DEFAULT_MATCH_THRESHOLD, getMatchThreshold, matchThresholdInfo, setMatchThreshold } from './thresholds';

function library() {
  const db = openDatabase(':memory:');
  const model = (kind: 'backbone' | 'head', active: number) =>
    Number(
      db
        .prepare(`INSERT INTO models (kind, name, created_at, active) VALUES (?, ?, 0, ?)`)
        .run(kind, `${kind}-${Math.random()}`, active).lastInsertRowid,
    );
  return { db, model };
}

describe('match thresholds per model version', () => {
  it('falls back to the documented default before anything is calibrated, even with no model rows', () => {
    const { db } = library();
    assert.deepEqual(matchThresholdInfo(db, 'backbone'), {
      space: 'backbone',
      modelId: null,
      threshold: DEFAULT_MATCH_THRESHOLD,
      calibrated: false,
    });
    assert.equal(getMatchThreshold(db, 'adapted'), DEFAULT_MATCH_THRESHOLD);
  });

  it('stores the backbone value, which the adapted space uses while no head is active', () => {
    const { db, model } = library();
    const backbone = model('backbone', 1);
    setMatchThreshold(db, backbone, 0.38);
    assert.equal(getMatchThreshold(db, 'backbone'), 0.38);
    assert.deepEqual(matchThresholdInfo(db, 'adapted'), {
      space: 'adapted',
      modelId: backbone,
      threshold: 0.38,
      calibrated: true,
    });
  });

  it('an active head has its own threshold; deactivating it brings back the backbone one', () => {
    const { db, model } = library();
    const backbone = model('backbone', 1);
    const head = model('head', 1);
    setMatchThreshold(db, backbone, 0.4);
    assert.deepEqual(matchThresholdInfo(db, 'adapted'), {
      space: 'adapted',
      modelId: head,
      threshold: DEFAULT_MATCH_THRESHOLD,
      calibrated: false,
    });
    setMatchThreshold(db, head, 0.75);
    assert.equal(getMatchThreshold(db, 'adapted'), 0.75);
    assert.equal(getMatchThreshold(db, 'backbone'), 0.4);
    db.prepare('UPDATE models SET active = 0 WHERE id = ?').run(head);
    assert.equal(getMatchThreshold(db, 'adapted'), 0.4);
  });

  it('refuses nonsense and unknown versions, changing nothing', () => {
    const { db, model } = library();
    const backbone = model('backbone', 1);
    setMatchThreshold(db, backbone, 0.5);
    for (const bad of [0, -0.1, 2.5, NaN, Infinity])
      assert.throws(() => setMatchThreshold(db, backbone, bad), RangeError);
    assert.throws(() => setMatchThreshold(db, backbone + 99, 0.4), /no model version/);
    assert.equal(getMatchThreshold(db, 'backbone'), 0.5);
  });
});
