/**
 * A corpus of broken, hostile and merely unusual photo files, generated on the spot (nothing is checked in):
 * each entry says what a scan must make of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';

export type Expect =
  | { readonly outcome: 'done'; readonly width: number; readonly height: number; readonly colour?: Rgb }
  | { readonly outcome: 'error'; readonly error: RegExp }
  | { readonly outcome: 'ignored' };

export type Rgb = readonly [number, number, number];

export interface CorpusEntry {
  readonly name: string;
  readonly expect: Expect;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid-looking PNG whose header claims `w` x `h` RGB pixels, with a few bytes of image data. */
export function pngBomb(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  // zeros deflate to almost nothing: the classic bomb is a few KB claiming gigabytes
  const idat = zlib.deflateSync(Buffer.alloc(1 << 20));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small real JPEG whose frame header (SOF0) is rewritten to claim `w` x `h`. */
export async function jpegBomb(w: number, h: number): Promise<Buffer> {
  const buf = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  for (let i = 2; i < buf.length - 9; i++)
    if (buf[i] === 0xff && (buf[i + 1] === 0xc0 || buf[i + 1] === 0xc2)) {
      buf.writeUInt16BE(h, i + 5);
      buf.writeUInt16BE(w, i + 7);
      return buf;
    }
  throw new Error('no SOF marker in the generated JPEG');
}

const solid = (width: number, height: number, rgb: Rgb) =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });

const RED: Rgb = [220, 30, 30];
const BLUE: Rgb = [30, 30, 220];

/** Writes the corpus into `dir` and returns what each file must become. */
export async function writeHostileCorpus(dir: string): Promise<CorpusEntry[]> {
  const out: CorpusEntry[] = [];
  const put = async (name: string, data: Buffer | Promise<Buffer>, expect: Expect) => {
    fs.writeFileSync(path.join(dir, name), await data);
    out.push({ name, expect });
  };
  const goodJpeg = await solid(320, 240, RED).jpeg().toBuffer();
  const goodPng = await solid(200, 100, BLUE).png().toBuffer();

  await put('good.jpg', goodJpeg, { outcome: 'done', width: 320, height: 240, colour: RED });
  await put('name with spaces.jpg', goodJpeg, { outcome: 'done', width: 320, height: 240 });
  await put('ünïcødé 照片 🙂.jpg', goodJpeg, { outcome: 'done', width: 320, height: 240 });
  await put('new\nline.jpg', goodJpeg, { outcome: 'done', width: 320, height: 240 });
  await put('zero.jpg', Buffer.alloc(0), { outcome: 'error', error: /^empty: / });
  await put('zero.png', Buffer.alloc(0), { outcome: 'error', error: /^empty: / });
  await put('text.jpg', Buffer.from('Dear diary, today I renamed a text file to .jpg\n'), {
    outcome: 'error',
    error: /^not-an-image: /,
  });
  await put('truncated.jpg', goodJpeg.subarray(0, Math.floor(goodJpeg.length * 0.4)), {
    outcome: 'error',
    error: /^(truncated|corrupt): /,
  });
  await put('truncated.png', goodPng.subarray(0, Math.floor(goodPng.length * 0.6)), {
    outcome: 'error',
    error: /^(truncated|corrupt): /,
  });
  const corruptPng = Buffer.from(goodPng);
  for (let i = 40; i < corruptPng.length - 12; i += 7) corruptPng[i] ^= 0x5a; // IDAT scrambled, CRCs now wrong
  await put('corrupt.png', corruptPng, { outcome: 'error', error: /^(corrupt|truncated): / });
  const headerOnly = Buffer.from(goodJpeg.subarray(0, 2)); // SOI and nothing else
  await put('header-only.jpg', headerOnly, { outcome: 'error', error: /^(corrupt|truncated|not-an-image): / });
  await put('bomb.png', pngBomb(100_000, 100_000), { outcome: 'error', error: /^too-large: / });
  await put('bomb.jpg', jpegBomb(65_000, 65_000), { outcome: 'error', error: /^too-large: / });
  await put('cmyk.jpg', solid(300, 200, RED).toColourspace('cmyk').jpeg().toBuffer(), {
    outcome: 'done',
    width: 300,
    height: 200,
    colour: RED,
  });
  await put('rgb16.png', solid(120, 80, BLUE).toColourspace('rgb16').png().toBuffer(), {
    outcome: 'done',
    width: 120,
    height: 80,
    colour: BLUE,
  });
  await put(
    'alpha.png',
    sharp({ create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer(),
    { outcome: 'done', width: 100, height: 100, colour: [255, 255, 255] }, // transparent -> white, not black
  );
  await put('one-pixel.png', solid(1, 1, BLUE).png().toBuffer(), { outcome: 'done', width: 1, height: 1 });
  await put('panorama 12000x20.jpg', solid(12_000, 20, RED).jpeg().toBuffer(), {
    outcome: 'done',
    width: 12_000,
    height: 20,
  });
  const frames = [await solid(40, 30, RED).png().toBuffer(), await solid(40, 30, BLUE).png().toBuffer()];
  for (const fmt of ['gif', 'webp'] as const)
    await put(
      `animated.${fmt}`,
      sharp(frames, { join: { animated: true } })
        .toFormat(fmt)
        .toBuffer(),
      {
        outcome: 'done',
        width: 40,
        height: 30,
        colour: RED, // the first frame, not the frames stacked
      },
    );
  // A FIFO named like a photo: reading it would block the scan forever.
  try {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    out.push({ name: 'pipe.jpg', expect: { outcome: 'ignored' } });
  } catch {
    // no mkfifo on this system
  }
  fs.symlinkSync('self-loop.jpg', path.join(dir, 'self-loop.jpg'));
  out.push({ name: 'self-loop.jpg', expect: { outcome: 'ignored' } });
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up-loop'));
  fs.writeFileSync(path.join(dir, 'sub', 'nested.jpg'), goodJpeg);
  out.push({ name: path.join('sub', 'nested.jpg'), expect: { outcome: 'done', width: 320, height: 240 } });
  return out;
}

/** A 100-megapixel JPEG (10000 x 10000): large real photos are analysed, not refused. */
export async function writeHundredMegapixel(file: string): Promise<void> {
  // Tiling a 1000 px patch is several times faster to make than filling 100 MP from scratch.
  const patch = await solid(1000, 1000, RED).raw().toBuffer();
  await sharp(patch, { raw: { width: 1000, height: 1000, channels: 3 } })
    .extend({ right: 9000, bottom: 9000, extendWith: 'repeat' })
    .jpeg({ quality: 30 })
    .toFile(file);
}
