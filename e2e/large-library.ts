/** A synthetic library of many people (one face each, stored crops) for the virtualisation check. */
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../core/db/connection';
import { replaceFacesOfPhoto } from '../core/db/faces-repo';
import { addFolder } from '../core/db/folders-repo';
import { ensureBackboneModel } from '../core/db/models-repo';
import { insertPendingPhoto, markPhotoDone } from '../core/db/photos-repo';
import { BACKBONE_MODEL_NAME, DESCRIPTOR_SIZE } from '../core/vision/types';

export const nameOf = (i: number) => `Person ${String(i).padStart(5, '0')}`;

/** `people` people: the first half named, the rest unnamed clusters; faces get a few distinct crops. */
export async function seedLargeLibrary(dbFile: string, photos: string, people: number): Promise<void> {
  const db = openDatabase(dbFile);
  try {
    const crops = await Promise.all(
      [40, 90, 140, 190].map((g) =>
        sharp({ create: { width: 112, height: 112, channels: 3, background: { r: 200, g, b: 160 } } })
          .jpeg()
          .toBuffer(),
      ),
    );
    db.transaction(() => {
      const folderId = addFolder(db, photos).id;
      const photoId = insertPendingPhoto(db, { folderId, path: path.join(photos, 'sample1.jpg'), size: 1, mtime: 1 });
      markPhotoDone(db, photoId, { size: 1, mtime: 1, hash: 'h', width: 4000, height: 3000, takenAt: null });
      const modelId = ensureBackboneModel(db, BACKBONE_MODEL_NAME);
      const faces = Array.from({ length: people }, (_, i) => {
        const descriptor = new Float32Array(DESCRIPTOR_SIZE);
        descriptor[i % DESCRIPTOR_SIZE] = 1;
        return {
          box: { x: (i % 100) * 40, y: Math.floor(i / 100) * 30, w: 30, h: 30 },
          score: 0.9,
          quality: 0.8,
          landmarks: new Float32Array(136),
          descriptor,
          crop: crops[i % crops.length],
        };
      });
      const ids = replaceFacesOfPhoto(db, photoId, modelId, faces);
      const person = db.prepare('INSERT INTO people (name, created_at) VALUES (?, ?)');
      const assign = db.prepare(`UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?`);
      ids.forEach((faceId, i) => {
        const named = i < people / 2;
        const pid = Number(person.run(named ? nameOf(i) : null, Date.now()).lastInsertRowid);
        assign.run(pid, named ? 'user' : 'machine', faceId);
      });
    })();
  } finally {
    db.close();
  }
}
