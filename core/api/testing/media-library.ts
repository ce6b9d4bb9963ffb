/** A tiny library on disk for media and transport tests: real JPEGs in a temp folder, rows made by the repos. */
import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { replaceFacesOfPhoto } from '../../db/faces-repo';
import { addFolder } from '../../db/folders-repo';
import { ensureBackboneModel } from '../../db/models-repo';
import { insertPendingPhoto, markPhotoDone } from '../../db/photos-repo';
import { BACKBONE_MODEL_NAME, DESCRIPTOR_SIZE } from '../../vision/types';

export interface MediaLibrary {
  readonly root: string;
  readonly folder: string;
  readonly outside: string;
  /** A photo inside the folder with one face (crop stored) and one face without a stored crop. */
  readonly photoId: number;
  readonly faceWithCrop: number;
  readonly faceWithoutCrop: number;
  /** Adds a photo row for `file` (which may be a symlink) and returns its id. */
  addPhoto(file: string): number;
  cleanup(): void;
}

export async function makeMediaLibrary(db: Database): Promise<MediaLibrary> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-media-'));
  const folder = path.join(root, 'library');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(folder);
  fs.mkdirSync(outside);
  const jpeg = (r: number) =>
    sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g: 120, b: 90 } } })
      .jpeg()
      .toBuffer();
  fs.writeFileSync(path.join(folder, 'inside.jpg'), await jpeg(200));
  fs.writeFileSync(path.join(outside, 'secret.jpg'), await jpeg(20));
  const folderId = addFolder(db, fs.realpathSync(folder)).id;
  const modelId = ensureBackboneModel(db, BACKBONE_MODEL_NAME);
  const addPhoto = (file: string) => {
    const id = insertPendingPhoto(db, { folderId, path: file, size: 1, mtime: 1 });
    markPhotoDone(db, id, { size: 1, mtime: 1, hash: `h${id}`, width: 320, height: 240, takenAt: null });
    return id;
  };
  const photoId = addPhoto(path.join(fs.realpathSync(folder), 'inside.jpg'));
  const crop = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  const face = (x: number, withCrop: boolean) => ({
    box: { x, y: 40, w: 80, h: 90 },
    score: 0.9,
    quality: 0.8,
    landmarks: new Float32Array(136),
    descriptor: new Float32Array(DESCRIPTOR_SIZE).fill(1 / Math.sqrt(DESCRIPTOR_SIZE)),
    crop: withCrop ? crop : null,
  });
  const [faceWithCrop, faceWithoutCrop] = replaceFacesOfPhoto(db, photoId, modelId, [face(20, true), face(200, false)]);
  return {
    root,
    folder,
    outside,
    photoId,
    faceWithCrop,
    faceWithoutCrop,
    addPhoto,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
