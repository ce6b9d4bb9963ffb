/**
 * Photo decode for analysis: sharp with EXIF orientation applied, sRGB, alpha flattened onto white, 8-bit
 * RGB, shrink-on-load to at most 1024 px on the long side (notes/speed-experiment.md: same recall and
 * descriptor quality as full size, less decode and crop work), a pixel limit against decompression bombs,
 * and the first frame of animations. Every failure is a `PhotoDecodeError` whose message says what is wrong
 * with the file in words a user understands.
 */
import fs from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import type { RgbImage } from '../vision/types';
import { sniffFormat } from './formats';
import { toFsPath } from '../files/fs-name';

/** Long side of the image handed to the analyzer. */
export const ANALYSIS_MAX_SIDE = 1024;
/** Larger than any camera sensor in use (150 MP medium format) yet far below what a bomb declares. */
export const MAX_INPUT_PIXELS = 200_000_000;

export type DecodeErrorCategory =
  'empty' | 'unreadable' | 'unsupported' | 'not-an-image' | 'truncated' | 'corrupt' | 'too-large';

export class PhotoDecodeError extends Error {
  constructor(
    readonly category: DecodeErrorCategory,
    detail: string,
  ) {
    super(`${category}: ${detail}`);
    this.name = 'PhotoDecodeError';
  }
}

export interface DecodedPhoto {
  /** The analysis image (long side <= maxSide). */
  readonly image: RgbImage;
  /** Size of the photo as displayed (EXIF orientation applied), in original pixels. */
  readonly width: number;
  readonly height: number;
  /** Original pixels per analysis pixel on each axis (>= 1): multiply analyzer coordinates by them. */
  readonly scaleX: number;
  readonly scaleY: number;
  /** EXIF capture time as ISO 8601 local time ("2021-07-04T15:02:11", with an offset when EXIF has one). */
  readonly takenAt: string | null;
}

export interface DecodeOptions {
  readonly maxSide?: number;
  readonly maxPixels?: number;
}

/** Reads and decodes one photo file. */
export async function decodePhoto(file: string, opts: DecodeOptions = {}): Promise<DecodedPhoto> {
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(toFsPath(file));
  } catch (err) {
    throw new PhotoDecodeError('unreadable', (err as Error).message);
  }
  return decodePhotoBuffer(buf, opts);
}

export async function decodePhotoBuffer(buf: Buffer, opts: DecodeOptions = {}): Promise<DecodedPhoto> {
  const maxSide = opts.maxSide ?? ANALYSIS_MAX_SIDE;
  const maxPixels = opts.maxPixels ?? MAX_INPUT_PIXELS;
  if (buf.byteLength === 0) throw new PhotoDecodeError('empty', 'the file is empty (0 bytes)');
  const format = sniffFormat(buf.subarray(0, 32));
  if (format === 'heic')
    throw new PhotoDecodeError('unsupported', 'HEIC/HEIF photos cannot be decoded by this build; convert to JPEG');
  if (format === 'unknown')
    throw new PhotoDecodeError('not-an-image', 'the content is not JPEG, PNG, WebP, TIFF, AVIF or GIF');

  const input = { limitInputPixels: maxPixels, pages: 1 } as const;
  try {
    // Header only, no pixel limit yet: the limit is checked here so the message can give the dimensions.
    const meta = await sharp(buf, { limitInputPixels: false, pages: 1 }).metadata();
    const w0 = meta.autoOrient?.width ?? meta.width;
    const h0 = meta.autoOrient?.height ?? meta.pageHeight ?? meta.height;
    if (!w0 || !h0) throw new PhotoDecodeError('corrupt', 'the image has no dimensions');
    if (w0 * h0 > maxPixels) throw new PhotoDecodeError('too-large', tooManyPixels(w0, h0, maxPixels));
    const pipeline = sharp(buf, input)
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    // Flattening costs ~4 ms of CPU per photo even without alpha (where its pixels are identical: checked on 561
    // photos of ../shared/faces), so only photos with an alpha channel pay for it.
    if (meta.hasAlpha) pipeline.flatten({ background: '#ffffff' });
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new PhotoDecodeError('corrupt', `decoded to ${info.channels} channels, expected 3`);
    return {
      image: {
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        width: info.width,
        height: info.height,
      },
      width: w0,
      height: h0,
      scaleX: w0 / info.width,
      scaleY: h0 / info.height,
      takenAt: await exifTakenAt(buf),
    };
  } catch (err) {
    if (err instanceof PhotoDecodeError) throw err;
    throw classifySharpError(err as Error, maxPixels);
  }
}

function tooManyPixels(w: number, h: number, limit: number): string {
  const mp = (n: number) => `${(n / 1e6).toFixed(0)} MP`;
  return `${w}x${h} pixels (${mp(w * h)}) is over the ${mp(limit)} limit (a decompression bomb or a damaged header)`;
}

function classifySharpError(err: Error, maxPixels: number): PhotoDecodeError {
  const msg = err.message ?? String(err);
  if (/pixel limit/i.test(msg))
    return new PhotoDecodeError('too-large', `over the ${maxPixels / 1e6} MP limit (${msg})`);
  if (/premature end|truncated|unexpected end|end of (file|stream|data)|not enough data/i.test(msg))
    return new PhotoDecodeError('truncated', `the file is cut short (${firstLine(msg)})`);
  if (/unsupported image format/i.test(msg))
    return new PhotoDecodeError('corrupt', 'the header looks like an image but the decoder does not recognise it');
  return new PhotoDecodeError('corrupt', firstLine(msg));
}

const firstLine = (s: string) => s.split('\n')[0].trim();

/** "2021:07:04 15:02:11" (+ "+02:00") -> "2021-07-04T15:02:11+02:00". Raw strings avoid time-zone guessing. */
export async function exifTakenAt(buf: Buffer): Promise<string | null> {
  try {
    const tags = (await exifr.parse(buf, {
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal'],
      reviveValues: false,
    })) as Record<string, unknown> | undefined;
    const raw = tags?.DateTimeOriginal ?? tags?.CreateDate;
    if (typeof raw !== 'string') return null;
    const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
    if (!m || m[1] === '0000') return null;
    const offset =
      typeof tags?.OffsetTimeOriginal === 'string' && /^[+-]\d{2}:\d{2}$/.test(tags.OffsetTimeOriginal)
        ? tags.OffsetTimeOriginal
        : '';
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
  } catch {
    return null; // EXIF is optional; a broken EXIF block must not fail the photo
  }
}
