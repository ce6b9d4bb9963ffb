/**
 * EXIF orientation between the two frames of a photo: the stored frame (pixels as in the file) where MWG 2.0
 * (§5.9) puts face regions, and the displayed frame (orientation applied, as sharp's `.rotate()` does) where
 * Facet's boxes live. Read synchronously from the file's first bytes (JPEG, TIFF, PNG, WebP) so the scanner's
 * per-photo hook stays synchronous.
 */
import fs from 'node:fs';
import { toFsPath } from '../../files/fs-name';
import type { Box } from '../../vision/types';

/** EXIF Orientation 1..8 (1 = as stored). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function asOrientation(v: unknown): Orientation | null {
  const n = typeof v === 'string' ? Number(v.trim()) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 8 ? (n as Orientation) : null;
}

/** Orientations 5..8 turn the image a quarter: the displayed width is the stored height. */
export const swapsAxes = (o: Orientation) => o >= 5;

/** A normalised point (u, v) of the stored image, displayed at (x, y). */
function toDisplayed(o: Orientation, u: number, v: number): [number, number] {
  switch (o) {
    case 1:
      return [u, v];
    case 2: // mirrored left-right
      return [1 - u, v];
    case 3: // turned 180°
      return [1 - u, 1 - v];
    case 4: // mirrored top-bottom
      return [u, 1 - v];
    case 5: // transposed
      return [v, u];
    case 6: // turned 90° clockwise to display
      return [1 - v, u];
    case 7: // transversed
      return [1 - v, 1 - u];
    case 8: // turned 90° anticlockwise to display
      return [v, 1 - u];
  }
}

/** The inverse of `toDisplayed`: 6 and 8 swap, the others are their own inverses. */
const inverse = (o: Orientation): Orientation => (o === 6 ? 8 : o === 8 ? 6 : o);

function mapBox(b: Box, f: (u: number, v: number) => [number, number]): Box {
  const [x1, y1] = f(b.x, b.y);
  const [x2, y2] = f(b.x + b.w, b.y + b.h);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

/** A normalised box of the stored image, in the displayed image. */
export const storedToDisplayed = (b: Box, o: Orientation): Box => mapBox(b, (u, v) => toDisplayed(o, u, v));

/** A normalised box of the displayed image, in the stored image. */
export const displayedToStored = (b: Box, o: Orientation): Box => mapBox(b, (u, v) => toDisplayed(inverse(o), u, v));

/** Orientation lives in the first APP1 / IFD0 / eXIf chunk: this many bytes always reach it in practice. */
const HEAD_BYTES = 256 * 1024;

/**
 * The EXIF Orientation of a photo file: 1 when a JPEG, TIFF, PNG or WebP has none (sharp then shows it as
 * stored), null for other formats, whose orientation this cannot read.
 */
export function readExifOrientation(file: string): Orientation | null {
  let fd: number;
  try {
    fd = fs.openSync(toFsPath(file), 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return exifOrientationOf(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF structure starting at `t`. */
function tiffOrientation(buf: Buffer, t: number): Orientation | null {
  if (t + 8 > buf.length) return null;
  const order = buf.toString('latin1', t, t + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  if (u16(t + 2) !== 42) return null;
  const ifd = t + u32(t + 4);
  if (ifd + 2 > buf.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > buf.length) return null;
    if (u16(e) === 0x0112) return asOrientation(u16(e + 8));
  }
  return null;
}

export function exifOrientationOf(buf: Buffer): Orientation | null {
  if (buf.length < 12) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    // JPEG: walk the markers up to the image data, looking for APP1 "Exif\0\0".
    let p = 2;
    while (p + 4 <= buf.length && buf[p] === 0xff) {
      const marker = buf[p + 1];
      if (marker === 0xd9 || marker === 0xda) break;
      const len = buf.readUInt16BE(p + 2);
      if (marker === 0xe1 && buf.toString('latin1', p + 4, p + 10) === 'Exif\0\0')
        return tiffOrientation(buf, p + 10) ?? 1;
      p += 2 + len;
    }
    return 1;
  }
  const head = buf.toString('latin1', 0, 4);
  if (head === 'II*\0' || head === 'MM\0*') return tiffOrientation(buf, 0) ?? 1;
  if (buf.readUInt32BE(0) === 0x89504e47) {
    // PNG: chunks of length, type, data, CRC; EXIF is the eXIf chunk.
    let p = 8;
    while (p + 8 <= buf.length) {
      const len = buf.readUInt32BE(p);
      const type = buf.toString('latin1', p + 4, p + 8);
      if (type === 'eXIf') return tiffOrientation(buf, p + 8) ?? 1;
      if (type === 'IDAT' || type === 'IEND') break;
      p += 12 + len;
    }
    return 1;
  }
  if (head === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
    let p = 12;
    while (p + 8 <= buf.length) {
      const type = buf.toString('latin1', p, p + 4);
      const len = buf.readUInt32LE(p + 4);
      if (type === 'EXIF') {
        // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
        const s = buf.toString('latin1', p + 8, p + 14) === 'Exif\0\0' ? p + 14 : p + 8;
        return tiffOrientation(buf, s) ?? 1;
      }
      p += 8 + len + (len & 1);
    }
    return 1;
  }
  return null;
}
