/** Non-maximum suppression and the mapping of SSD boxes to image pixels, on hand-made anchors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nonMaxSuppression, toDetections } from './detections';

// (y0, x0, y1, x1) relative boxes.
const boxes = new Float32Array([
  0.1,
  0.1,
  0.3,
  0.3, // 0
  0.11,
  0.1,
  0.31,
  0.3, // 1: overlaps 0 heavily
  0.5,
  0.5,
  0.7,
  0.8, // 2: separate
  0.1,
  0.2,
  0.3,
  0.4, // 3: overlaps 0 by IoU 1/3
  0.9,
  0.9,
  1.2,
  1.1, // 4: runs off the padded square
]);

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes, in score order, above the threshold only', () => {
    const scores = new Float32Array([0.9, 0.95, 0.6, 0.8, 0.4]);
    assert.deepEqual(nonMaxSuppression(boxes, scores, 0.5), [1, 3, 2]);
    assert.deepEqual(nonMaxSuppression(boxes, scores, 0.7), [1, 3]);
    assert.deepEqual(nonMaxSuppression(boxes, scores, 0.5, 2), [1, 3]);
  });

  it('a score equal to the threshold is dropped (strictly above, as face-api)', () => {
    assert.deepEqual(nonMaxSuppression(boxes, new Float32Array([0.5, 0, 0, 0, 0]), 0.5), []);
  });
});

describe('toDetections', () => {
  it('maps relative boxes through the padded square to pixels and clips them to the image', () => {
    const scores = new Float32Array([0, 0, 0.9, 0, 0.8]);
    // A 1000x600 image padded to a 1000 px square.
    const d = toDetections(boxes, scores, 1000, 1000, 600, 0.5);
    assert.equal(d.length, 2);
    const [a, b] = d;
    assert.ok(Math.abs(a.box.x - 500) < 1e-3 && Math.abs(a.box.y - 500) < 1e-3);
    assert.ok(Math.abs(a.box.w - 300) < 1e-3 && Math.abs(a.box.h - 100) < 1e-3); // 700 px clipped to 600
    // Box 4 starts at y = 900 px: below the 600 px image, so it is clipped to nothing in height.
    assert.equal(b.box.h, 0);
    assert.ok(b.box.x + b.box.w <= 1000);
  });
});
