/**
 * The shared input preparation against tfjs itself: padding to a square and tf.image.resizeBilinear
 * (alignCorners false), as face-api's toBatchTensor does it, for the detector (pad at the end) and the landmark
 * crops (centred pad).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadFaceApi, type Tf } from '../tfjs/face-api-tfjs';
import type { RgbImage } from '../types';
import { buildDetectorInput, DETECTOR_INPUT_SIZE } from './detector-input';
import { LANDMARK_INPUT_FLOATS, LANDMARK_INPUT_SIZE, landmarkRegion, writeLandmarkInput } from './landmark-input';

function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  return { data, width, height };
}

interface TfExtra extends Tf {
  tensor3d(d: Uint8Array, s: number[], t: string): unknown;
  slice3d(x: unknown, begin: number[], size: number[]): unknown;
}

describe('network inputs match face-api on tfjs', () => {
  let tf: TfExtra;
  let NetInput: new (inputs: unknown[]) => {
    toBatchTensor(size: number, centred: boolean): { dataSync(): Float32Array };
  };

  before(async () => {
    const loaded = await loadFaceApi('wasm');
    tf = loaded.tf as TfExtra;
    NetInput = loaded.faceapi.NetInput as never;
  });

  function faceApiInput(image: RgbImage, size: number, centred: boolean, crop?: number[]): Float32Array {
    return tf.tidy(() => {
      let t = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
      if (crop) t = tf.slice3d(t, [crop[1], crop[0], 0], [crop[3], crop[2], 3]);
      return new NetInput([t]).toBatchTensor(size, centred).dataSync().slice();
    });
  }

  for (const [w, h] of [
    [640, 427],
    [300, 700],
    [512, 512],
  ]) {
    it(`detector input for a ${w}x${h} image: bottom/right padding, 512x512 bilinear`, () => {
      const image = randomImage(w, h, w + h);
      const mine = buildDetectorInput(image);
      assert.equal(mine.side, Math.max(w, h));
      const ref = faceApiInput(image, DETECTOR_INPUT_SIZE, false);
      let max = 0;
      for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i] - mine.tensor[i]));
      assert.ok(max < 1e-3, `differs by ${max}`);
    });
  }

  it('landmark crop: the box clipped and floored, centred square, 112x112', () => {
    const image = randomImage(400, 300, 3);
    for (const box of [
      { x: 10.7, y: 20.2, w: 100.4, h: 140.9 },
      { x: -15, y: 200, w: 90, h: 130 },
    ]) {
      const region = landmarkRegion(box, image.width, image.height)!;
      const mine = new Float32Array(LANDMARK_INPUT_FLOATS);
      writeLandmarkInput(image, region, mine, 0);
      const ref = faceApiInput(image, LANDMARK_INPUT_SIZE, true, [region.x, region.y, region.w, region.h]);
      let max = 0;
      for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i] - mine[i]));
      assert.ok(max < 1e-3, `box ${JSON.stringify(box)} differs by ${max}`);
    }
  });

  it('a box entirely outside the image has no crop', () => {
    assert.equal(landmarkRegion({ x: 500, y: 10, w: 50, h: 50 }, 400, 300), null);
  });
});
