// Decode details the scanner relies on: orientation applied before anything else, original size recorded,
// greyscale/alpha/16-bit/animated inputs become 8-bit RGB, EXIF capture time, pixel limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { decodePhotoBuffer, PhotoDecodeError } from './decode';

const rgb = (w: number, h: number, f: (x: number, y: number) => [number, number, number]) => {
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
  return sharp(data, { raw: { width: w, height: h, channels: 3 } });
};

test('EXIF orientation 6 is applied: a stored 40x20 landscape is a 20x40 portrait, top-left red', async () => {
  // upright image: 20 wide, 40 tall, red on the top half. Stored rotated 90 degrees counter-clockwise.
  const upright = await rgb(20, 40, (_x, y) => (y < 20 ? [255, 0, 0] : [0, 0, 255]))
    .png()
    .toBuffer();
  const stored = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toBuffer();
  const d = await decodePhotoBuffer(stored);
  assert.equal(d.width, 20);
  assert.equal(d.height, 40);
  assert.deepEqual([d.image.width, d.image.height], [20, 40]);
  assert.ok(d.image.data[0] > 200 && d.image.data[2] < 60, 'top-left pixel is red');
});

test('large photos are shrunk to 1024 on the long side with per-axis scale back to the original', async () => {
  const big = await rgb(2400, 1600, () => [10, 20, 30])
    .jpeg()
    .toBuffer();
  const d = await decodePhotoBuffer(big);
  assert.deepEqual([d.width, d.height, d.image.width, d.image.height], [2400, 1600, 1024, 683]);
  assert.ok(Math.abs(d.scaleX - 2400 / 1024) < 1e-9 && Math.abs(d.scaleY - 1600 / 683) < 1e-9);
  assert.equal(d.image.data.length, 1024 * 683 * 3);
});

test('greyscale, alpha, 16-bit and animated inputs become 8-bit RGB', async () => {
  const grey = await sharp(Buffer.alloc(30 * 30, 128), { raw: { width: 30, height: 30, channels: 1 } })
    .png()
    .toBuffer();
  const alpha = await sharp(Buffer.alloc(30 * 30 * 4, 0), { raw: { width: 30, height: 30, channels: 4 } })
    .png()
    .toBuffer();
  const deep = await rgb(30, 30, () => [200, 100, 50])
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  const gif = await sharp(Buffer.alloc(30 * 60 * 3, 90), {
    raw: { width: 30, height: 60, channels: 3, pageHeight: 30 },
  })
    .gif()
    .toBuffer();
  for (const [name, buf] of Object.entries({ grey, alpha, deep, gif })) {
    const d = await decodePhotoBuffer(buf);
    assert.equal(d.image.data.length, d.image.width * d.image.height * 3, name);
    assert.equal(d.width, 30, name);
    assert.equal(d.height, 30, `${name}: first frame only`);
  }
  const a = await decodePhotoBuffer(alpha);
  assert.equal(a.image.data[0], 255, 'transparent pixels are flattened onto white');
  const g = await decodePhotoBuffer(grey);
  assert.deepEqual([...g.image.data.subarray(0, 3)], [128, 128, 128]);
});

test('EXIF DateTimeOriginal becomes an ISO local time; no EXIF gives null', async () => {
  const withDate = await rgb(16, 16, () => [1, 2, 3])
    .withExif({ IFD0: {}, IFD2: { DateTimeOriginal: '2021:07:04 15:02:11' } } as never)
    .jpeg()
    .toBuffer();
  assert.equal((await decodePhotoBuffer(withDate)).takenAt, '2021-07-04T15:02:11');
  assert.equal(
    (
      await decodePhotoBuffer(
        await rgb(16, 16, () => [1, 2, 3])
          .png()
          .toBuffer(),
      )
    ).takenAt,
    null,
  );
});

test('a photo over the pixel limit is refused as too large before it is decoded', async () => {
  const png = await rgb(400, 300, () => [0, 0, 0])
    .png()
    .toBuffer();
  await assert.rejects(decodePhotoBuffer(png, { maxPixels: 100_000 }), (e: unknown) => {
    assert.ok(e instanceof PhotoDecodeError);
    assert.equal(e.category, 'too-large');
    assert.match(e.message, /400x300/);
    return true;
  });
});

test('a decompression bomb (a tiny PNG declaring 100000 x 100000 pixels) is refused from its header', async () => {
  const png = Buffer.from(
    await rgb(8, 8, () => [1, 2, 3])
      .png()
      .toBuffer(),
  );
  // IHDR starts at byte 8: length(4) 'IHDR'(4) width(4) height(4) ...; its CRC covers type + data (17 bytes).
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)) >>> 0, 29);
  await assert.rejects(decodePhotoBuffer(png), /^PhotoDecodeError: too-large: 100000x100000 pixels/);
});

test('a CMYK JPEG is converted to sRGB', async () => {
  const cmyk = await rgb(32, 32, () => [255, 0, 0])
    .toColourspace('cmyk')
    .jpeg()
    .toBuffer();
  const d = await decodePhotoBuffer(cmyk);
  assert.equal(d.image.data.length, 32 * 32 * 3);
  assert.ok(d.image.data[0] > 180 && d.image.data[1] < 90, `red stays red: ${[...d.image.data.subarray(0, 3)]}`);
});
