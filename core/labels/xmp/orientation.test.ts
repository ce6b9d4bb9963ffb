import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import type { Box } from '../../vision/types';
import { tempDir } from '../../safety/testing/temp-dir';
import { displayedToStored, readExifOrientation, storedToDisplayed, type Orientation } from './orientation';

const ALL: Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** A stored image (black) with one white block, written as a JPEG tagged with EXIF `o`. */
async function taggedPhoto(file: string, o: Orientation, w: number, h: number, block: Box): Promise<void> {
  const data = Buffer.alloc(w * h * 3);
  for (let y = block.y; y < block.y + block.h; y++)
    for (let x = block.x; x < block.x + block.w; x++) data.fill(255, (y * w + x) * 3, (y * w + x) * 3 + 3);
  await sharp(data, { raw: { width: w, height: h, channels: 3 } })
    .withMetadata({ orientation: o })
    .jpeg({ quality: 95 })
    .toFile(file);
}

/** Where the white block is in the photo as sharp displays it (`.rotate()`, as Facet's analysis decodes). */
async function displayedBlock(file: string): Promise<{ box: Box; w: number; h: number }> {
  const { data, info } = await sharp(file).rotate().greyscale().raw().toBuffer({ resolveWithObject: true });
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[y * info.width + x] > 128)
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return { box: { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 }, w: info.width, h: info.height };
}

test('stored -> displayed agrees with how sharp turns the pixels, for every EXIF orientation 1..8', async () => {
  const dir = tempDir();
  const [w, h] = [96, 64];
  const block = { x: 8, y: 40, w: 24, h: 16 };
  for (const o of ALL) {
    const file = path.join(dir, `o${o}.jpg`);
    await taggedPhoto(file, o, w, h, block);
    assert.equal(readExifOrientation(file), o, 'the orientation read from the file');
    const shown = await displayedBlock(file);
    const predicted = storedToDisplayed({ x: block.x / w, y: block.y / h, w: block.w / w, h: block.h / h }, o);
    const px = {
      x: predicted.x * shown.w,
      y: predicted.y * shown.h,
      w: predicted.w * shown.w,
      h: predicted.h * shown.h,
    };
    for (const k of ['x', 'y', 'w', 'h'] as const)
      assert.ok(Math.abs(px[k] - shown.box[k]) <= 1.5, `orientation ${o}, ${k}: ${px[k]} vs ${shown.box[k]}`);
  }
});

test('displayed -> stored -> displayed is exact for every orientation', () => {
  const b = { x: 0.125, y: 0.3, w: 0.25, h: 0.4 };
  for (const o of ALL) {
    const back = storedToDisplayed(displayedToStored(b, o), o);
    for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Math.abs(back[k] - b[k]) < 1e-12, `${o} ${k}`);
  }
});

test('a JPEG without an Orientation tag reads as 1; a file this cannot read has none', async () => {
  const dir = tempDir();
  const plain = path.join(dir, 'plain.png');
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .png()
    .toFile(plain);
  assert.equal(readExifOrientation(plain), 1);
  const webp = path.join(dir, 'turned.webp');
  await sharp({ create: { width: 8, height: 6, channels: 3, background: '#000' } })
    .withMetadata({ orientation: 8 })
    .webp()
    .toFile(webp);
  assert.equal(readExifOrientation(webp), 8);
  assert.equal(readExifOrientation(path.join(dir, 'missing.jpg')), null);
});
