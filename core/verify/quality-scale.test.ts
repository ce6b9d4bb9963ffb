import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FULL_TRUST_QUALITY, MIN_QUALITY_SCALE, qualityAwareThreshold, qualityScale } from './quality-scale';

test('the threshold is full for trusted faces and shrinks, bounded, for poor ones', () => {
  assert.equal(qualityScale(1), 1);
  assert.equal(qualityScale(FULL_TRUST_QUALITY), 1);
  const mid = qualityScale(FULL_TRUST_QUALITY - 0.2);
  assert.ok(mid < 1 && mid > MIN_QUALITY_SCALE);
  assert.ok(qualityScale(FULL_TRUST_QUALITY - 0.3) < mid, 'monotone in quality');
  assert.equal(qualityScale(0), MIN_QUALITY_SCALE);
  assert.equal(qualityScale(Number.NaN), MIN_QUALITY_SCALE);
  assert.ok(Math.abs(qualityAwareThreshold(0.4, 0) - 0.4 * MIN_QUALITY_SCALE) < 1e-12);
});
