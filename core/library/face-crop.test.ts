import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { cropRegion, faceCropJpeg, FACE_CROP_SIZE } from './face-crop';

/** A photo of one colour, as the analysis image (3 channels). */
function flat(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height };
}

async function pixel(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

const isGrey = (p: number[]) => p.every((v) => Math.abs(v - 128) < 12);
const isRed = (p: number[]) => p[0] > 200 && p[1] < 40 && p[2] < 40;

test('a face away from the edges: a square 1.5x the face, centred on it, no padding', () => {
  const r = cropRegion({ x: 100, y: 100, w: 40, h: 40 }, 400, 300);
  assert.deepEqual(r, {
    side: 60,
    left: 90,
    top: 90,
    width: 60,
    height: 60,
    pad: { left: 0, top: 0, right: 0, bottom: 0 },
  });
});

test('a face at the left edge stays centred: the part beyond the photo is padded grey, not shifted in', async () => {
  const img = flat(200, 100, [230, 0, 0]);
  const box = { x: 0, y: 30, w: 40, h: 40 };
  const r = cropRegion(box, img.width, img.height);
  assert.equal(r.side, 60);
  assert.deepEqual(r.pad, { left: 10, top: 0, right: 0, bottom: 0 });
  const jpeg = await faceCropJpeg(img, box);
  const meta = await sharp(jpeg).metadata();
  assert.equal(meta.width, FACE_CROP_SIZE);
  assert.equal(meta.height, FACE_CROP_SIZE);
  assert.ok(isGrey(await pixel(jpeg, 4, 56)), 'the strip left of the photo is padding');
  assert.ok(isRed(await pixel(jpeg, 56, 56)), 'the face is at the centre');
});

test('a face that fills the photo is shown at its scale with padding all round, not as the whole photo', async () => {
  const img = flat(100, 100, [230, 0, 0]);
  const box = { x: 0, y: 0, w: 100, h: 100 };
  assert.deepEqual(cropRegion(box, 100, 100).pad, { left: 25, top: 25, right: 25, bottom: 25 });
  const jpeg = await faceCropJpeg(img, box);
  for (const [x, y] of [
    [4, 4],
    [107, 4],
    [4, 107],
    [107, 107],
  ])
    assert.ok(isGrey(await pixel(jpeg, x, y)), `corner ${x},${y} is padding`);
  assert.ok(isRed(await pixel(jpeg, 56, 56)));
});

test('a box outside the photo (a bad sidecar) still gives a crop, never a sharp error', async () => {
  const img = flat(50, 50, [230, 0, 0]);
  const jpeg = await faceCropJpeg(img, { x: 80, y: 80, w: 10, h: 10 });
  assert.equal((await sharp(jpeg).metadata()).width, FACE_CROP_SIZE);
});

test('a 4-channel image from sharp (the media fallback) gives the same crop as the analysis image', async () => {
  const rgb = flat(120, 80, [0, 0, 230]);
  const rgba = new Uint8Array(120 * 80 * 4);
  for (let i = 0, j = 0; i < rgb.data.length; i += 3, j += 4)
    rgba.set([rgb.data[i], rgb.data[i + 1], rgb.data[i + 2], 255], j);
  const box = { x: 90, y: 10, w: 30, h: 30 };
  const a = await faceCropJpeg(rgb, box);
  const b = await faceCropJpeg({ data: rgba, width: 120, height: 80, channels: 4 }, box);
  assert.deepEqual(await pixel(a, 100, 56), await pixel(b, 100, 56));
});
