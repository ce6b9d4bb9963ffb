/**
 * A folder of labelled photos, one sub-folder per identity (`root/<identity>/*.jpg`), as the evaluation and
 * `facet label --from-folders` read it: scanned when needed (incremental, so usually free), then the largest
 * face of each photo with the identity taken from its folder name.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { largestFaceOfPhotos } from '../db/faces-repo';
import { photosUnder } from '../db/photos-repo';
import type { FaceAnalyzer } from '../vision/types';
import { scanFolders, type ScanProgress } from './scan';
import type { LabeledFace } from '../people/labeled-face';

export type { LabeledFace };

export interface LoadLabeledRootOptions {
  readonly analyzer?: FaceAnalyzer;
  readonly onProgress?: (p: ScanProgress) => void;
  readonly signal?: AbortSignal;
}

/** Photos directly in `root` (no identity folder) and photos with no face are left out. Sorted by path. */
export async function loadLabeledRoot(
  db: Database,
  root: string,
  opts: LoadLabeledRootOptions = {},
): Promise<LabeledFace[]> {
  const abs = path.resolve(root);
  await scanFolders(db, [abs], { analyzer: opts.analyzer, onProgress: opts.onProgress, signal: opts.signal });
  const photos = photosUnder(db, abs, path.sep).filter((p) => p.status === 'done');
  const largest = largestFaceOfPhotos(
    db,
    photos.map((p) => p.id),
  );
  const out: LabeledFace[] = [];
  for (const p of photos) {
    const parts = path.relative(abs, p.path).split(path.sep);
    const face = largest.get(p.id);
    if (parts.length < 2 || !face) continue;
    out.push({
      faceId: face.faceId,
      photoId: p.id,
      path: p.path,
      identity: parts[0],
      descriptor: face.descriptor,
      quality: face.quality,
    });
  }
  return out;
}
