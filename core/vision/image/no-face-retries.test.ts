import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_FACE_RETRIES, retryImages } from './no-face-retries';
import { stretchContrast } from './contrast';
import type { RgbImage } from '../types';

/** A faded 20x10 photo: grey levels 100..119 across. */
const photo: RgbImage = (() => {
  const data = new Uint8Array(20 * 10 * 3);
  for (let y = 0; y < 10; y++) for (let x = 0; x < 20; x++) data.fill(100 + x, (y * 20 + x) * 3, (y * 20 + x + 1) * 3);
  return { data, width: 20, height: 10 };
})();

describe('no-face retries', () => {
  it('tries the edge-coloured borders first, then the stretched photo in wide grey borders', () => {
    const edge = NO_FACE_RETRIES.filter((p) => p.fill === 'edge');
    assert.deepEqual(NO_FACE_RETRIES.slice(0, edge.length), edge);
    assert.ok(edge.every((p) => !p.stretch && p.border <= 1.5));
    const grey = NO_FACE_RETRIES.slice(edge.length);
    assert.ok(grey.length > 0 && grey.every((p) => p.fill === 'grey' && p.stretch && p.border >= 2));
  });

  it('detects on the stretched photo but describes the photo itself, both in the same grey border', () => {
    const pass = NO_FACE_RETRIES.find((p) => p.stretch)!;
    const r = retryImages(photo, pass, () => stretchContrast(photo));
    const border = Math.round(20 * pass.border);
    assert.equal(r.border, border);
    for (const im of [r.detectOn, r.describeOn]) {
      assert.equal(im.width, 20 + 2 * border);
      assert.equal(im.height, 10 + 2 * border);
      assert.deepEqual([...im.data.subarray(0, 3)], [128, 128, 128], 'mid-grey border');
    }
    const at = (im: RgbImage, x: number, y: number) => im.data[((y + border) * im.width + x + border) * 3];
    assert.equal(at(r.describeOn, 0, 0), 100, 'described pixels are the photo');
    assert.equal(at(r.describeOn, 19, 9), 119);
    assert.ok(at(r.detectOn, 0, 0) < 10 && at(r.detectOn, 19, 9) > 245, 'detected pixels are stretched');
  });
});
