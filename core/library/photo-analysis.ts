/**
 * The per-photo stages of the scan pipeline, each returning its outcome as a value (a bad file is a result,
 * not an exception): prepare (hash, recognise a moved photo, decode) runs ahead on libuv threads while
 * `analyse` (inference) runs on the current photo; `commitPhoto` writes one photo in one short transaction.
 */
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { replaceFacesOfPhoto, type NewFace } from '../db/faces-repo';
import { deletePhotos, findPhotosByHash, markPhotoDone, markPhotoError, movePhoto } from '../db/photos-repo';
import type { AnalyzeOptions, AnalyzedFace, FaceAnalyzer } from '../vision/types';
import { contentHashOf, quickHashOf } from './content-hash';
import { decodePhotoBuffer, PhotoDecodeError, type DecodedPhoto } from './decode';
import { faceCropJpeg } from './face-crop';
import { describeFsError } from './walk';
import type { WorkItem } from './scan-plan';
import { toFsPath } from '../files/fs-name';

/** Error kind of a photo the analyzer failed on: retried by the next scan, since the file may be fine. */
export const ANALYSIS_FAILED = 'analysis failed';
/** Error kind of a file that could not be read (a drive unplugged mid-scan): retried by the next scan. */
export const UNREADABLE = 'unreadable';

export type Prepared =
  | { readonly kind: 'moved'; readonly item: WorkItem; readonly hash: string; readonly fromId: number }
  | {
      readonly kind: 'decoded';
      readonly item: WorkItem;
      readonly hash: string;
      readonly quickHash: string;
      readonly photo: DecodedPhoto;
    }
  | {
      readonly kind: 'failed';
      readonly item: WorkItem;
      readonly hash: string | null;
      readonly quickHash?: string;
      readonly error: string;
    };

export type Analysed =
  | Exclude<Prepared, { kind: 'decoded' }>
  | {
      readonly kind: 'analysed';
      readonly item: WorkItem;
      readonly hash: string;
      readonly quickHash: string;
      readonly photo: Omit<DecodedPhoto, 'image'>;
      readonly faces: NewFace[];
    };

export async function preparePhoto(db: Database, item: WorkItem): Promise<Prepared> {
  // Read once: the bytes are hashed (move detection) and decoded from the same buffer.
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(toFsPath(item.file.path));
  } catch (err) {
    return { kind: 'failed', item, hash: null, error: `${UNREADABLE}: ${describeFsError(err)}` };
  }
  const hash = contentHashOf(bytes);
  const quickHash = quickHashOf(bytes);
  // An empty file identifies nothing (and 20,000 of them would each compare with every other one).
  if (item.isNew && bytes.byteLength > 0) {
    // The same bytes under a path that no longer exists: the photo was moved or renamed.
    const from = findPhotosByHash(db, hash, bytes.byteLength).find(
      (p) => p.id !== item.photoId && p.status !== 'pending' && !fs.existsSync(toFsPath(p.path)),
    );
    if (from) return { kind: 'moved', item, hash, fromId: from.id };
  }
  try {
    return { kind: 'decoded', item, hash, quickHash, photo: await decodePhotoBuffer(bytes) };
  } catch (err) {
    const error = err instanceof PhotoDecodeError ? err.message : `corrupt: ${(err as Error).message}`;
    return { kind: 'failed', item, hash, quickHash, error };
  }
}

/** Runs the analyzer and cuts the face thumbnails; faces come back in original-photo pixels. */
export async function analysePhoto(
  p: Prepared,
  analyzer: () => Promise<FaceAnalyzer>,
  options?: AnalyzeOptions,
): Promise<Analysed> {
  if (p.kind !== 'decoded') return p;
  const { image, ...photo } = p.photo;
  // An analyzer that cannot start (models missing...) fails the scan, leaving photos pending; it is not their fault.
  const a = await analyzer();
  let found: AnalyzedFace[];
  try {
    found = await a.analyze(image, options);
  } catch (err) {
    const error = `${ANALYSIS_FAILED}: ${(err as Error).message}`;
    return { kind: 'failed', item: p.item, hash: p.hash, quickHash: p.quickHash, error };
  }
  const crops = await Promise.all(found.map((f) => faceCropJpeg(image, f.box).catch(() => null)));
  const faces = found.map((f, i) => toOriginalPixels(f, photo.scaleX, photo.scaleY, crops[i]));
  return { kind: 'analysed', item: p.item, hash: p.hash, quickHash: p.quickHash, photo, faces };
}

export function toOriginalPixels(f: AnalyzedFace, sx: number, sy: number, crop: Buffer | null): NewFace {
  const landmarks = new Float32Array(f.landmarks.length);
  for (let i = 0; i < landmarks.length; i += 2) {
    landmarks[i] = f.landmarks[i] * sx;
    landmarks[i + 1] = f.landmarks[i + 1] * sy;
  }
  return {
    box: { x: f.box.x * sx, y: f.box.y * sy, w: f.box.w * sx, h: f.box.h * sy },
    score: f.score,
    quality: f.quality.overall,
    landmarks,
    descriptor: f.descriptor,
    crop,
  };
}

export type CommitOutcome =
  | { readonly kind: 'analysed'; readonly faces: number }
  | { readonly kind: 'moved'; readonly photoId: number }
  | { readonly kind: 'failed'; readonly error: string };

/** Writes one photo's outcome in one transaction: a kill leaves it either fully done or still pending. */
export function commitPhoto(db: Database, r: Analysed, backboneModelId: number): CommitOutcome {
  const { item } = r;
  return db.transaction((): CommitOutcome => {
    switch (r.kind) {
      case 'moved':
        deletePhotos(db, [item.photoId]); // the pending row made for the "new" path
        movePhoto(db, r.fromId, { folderId: item.folderId, path: item.file.path, mtime: item.file.mtime });
        return { kind: 'moved', photoId: r.fromId };
      case 'failed':
        markPhotoError(db, item.photoId, {
          size: item.file.size,
          mtime: item.file.mtime,
          hash: r.hash,
          quickHash: r.quickHash ?? null,
          error: r.error,
        });
        return { kind: 'failed', error: r.error };
      case 'analysed':
        replaceFacesOfPhoto(db, item.photoId, backboneModelId, r.faces);
        markPhotoDone(db, item.photoId, {
          size: item.file.size,
          mtime: item.file.mtime,
          hash: r.hash,
          quickHash: r.quickHash,
          width: r.photo.width,
          height: r.photo.height,
          takenAt: r.photo.takenAt,
        });
        return { kind: 'analysed', faces: r.faces.length };
    }
  })();
}
