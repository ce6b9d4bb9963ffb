/**
 * Media for the UI: face crops, photo thumbnails and display-size photos, resolved from ids to bytes through the
 * library database only. A request never carries a path; a photo is served only when its real path (symlinks
 * resolved) is still inside the real path of the library folder it belongs to. `facet serve` and Electron's
 * `facet-media://` protocol both go through here.
 */
import type { Database } from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { faceCropSource } from '../db/faces-repo';
import { photoPathAndFolder } from '../db/photos-repo';
import { faceCropJpeg } from '../library/face-crop';
import { fromFsBytes, hasRawBytes, toFsPath } from '../files/fs-name';

export type MediaKind = 'face' | 'thumb' | 'photo';

export interface MediaRequest {
  readonly kind: MediaKind;
  readonly id: number;
}

export type MediaResult =
  | { readonly ok: true; readonly bytes: Buffer; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

const THUMB_SIDE = 360;
const PHOTO_SIDE = 2048;

/**
 * Parses `face/12`, `thumb/7` or `photo/7` exactly (a leading `/` allowed): anything else, including encoded
 * characters, dot segments or extra segments, is not a media request.
 */
export function parseMediaPath(p: string): MediaRequest | null {
  const m = /^\/?(face|thumb|photo)\/([1-9][0-9]{0,14})$/.exec(p);
  return m ? { kind: m[1] as MediaKind, id: Number(m[2]) } : null;
}

const fail = (status: 400 | 403 | 404, reason: string): MediaResult => ({ ok: false, status, reason });

interface PhotoFile {
  /** A path sharp can open, or the file's bytes when its name is not valid UTF-8 (sharp takes paths as UTF-8). */
  readonly file: string | Buffer;
}

/** The photo's file if it is still a regular file inside its library folder; a refusal otherwise. */
async function libraryFile(db: Database, photoId: number): Promise<PhotoFile | MediaResult> {
  const row = photoPathAndFolder(db, photoId);
  if (!row) return fail(404, `no photo ${photoId} in the library`);
  let real: string;
  let root: string;
  try {
    // As bytes: a name that is not valid UTF-8 resolves to itself, not to a mangled copy (library/fs-name).
    const resolve = async (p: string) => fromFsBytes(await fs.realpath(toFsPath(p), { encoding: 'buffer' }));
    [real, root] = await Promise.all([resolve(row.path), resolve(row.folder)]);
  } catch {
    return fail(404, 'the photo is no longer on disk');
  }
  const rel = path.relative(root, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    return fail(403, 'the photo now points outside its library folder');
  const st = await fs.stat(toFsPath(real)).catch(() => null);
  if (!st?.isFile()) return fail(404, 'the photo is not a regular file');
  return { file: hasRawBytes(real) ? await fs.readFile(toFsPath(real)) : real };
}

const jpeg = (bytes: Buffer): MediaResult => ({ ok: true, bytes, contentType: 'image/jpeg' });

async function faceMedia(db: Database, id: number): Promise<MediaResult> {
  const row = faceCropSource(db, id);
  if (!row) return fail(404, `no face ${id} in the library`);
  if (row.crop) return jpeg(row.crop);
  // No stored crop (an older scan): cut it from the photo, with the same framing the scanner uses.
  const photo = await libraryFile(db, row.photo_id);
  if (!('file' in photo)) return photo;
  const img = sharp(photo.file, { limitInputPixels: 200_000_000 }).rotate();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const bytes = await faceCropJpeg({ data, width: info.width, height: info.height, channels: info.channels }, row);
  return jpeg(bytes);
}

async function photoMedia(db: Database, id: number, side: number): Promise<MediaResult> {
  const photo = await libraryFile(db, id);
  if (!('file' in photo)) return photo;
  try {
    const bytes = await sharp(photo.file, { limitInputPixels: 200_000_000 })
      .rotate() // boxes are in displayed (EXIF-oriented) pixels: show the photo the same way
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: side > 1000 ? 88 : 80 })
      .toBuffer();
    return jpeg(bytes);
  } catch {
    return fail(404, 'the photo cannot be decoded');
  }
}

/** Bytes for a media request, or why not. Nothing is cached here: every request re-checks the library. */
export async function loadMedia(db: Database, req: MediaRequest): Promise<MediaResult> {
  return req.kind === 'face'
    ? faceMedia(db, req.id)
    : photoMedia(db, req.id, req.kind === 'thumb' ? THUMB_SIDE : PHOTO_SIDE);
}
