/**
 * A synthetic library for the naming e2e check: 12 named people whose faces sit close together (look-alikes, so
 * the naming rule calibrated for strangers is tighter than a loose pair threshold of 1.0), and two Unsorted faces:
 * a new photo of the first named person, and a stranger drawn the same way as the named people.
 */
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../core/db/connection';
import { replaceFacesOfPhoto } from '../core/db/faces-repo';
import { addFolder } from '../core/db/folders-repo';
import { ensureBackboneModel } from '../core/db/models-repo';
import { insertPendingPhoto, markPhotoDone } from '../core/db/photos-repo';
import { around, randomCentre, rng } from '../core/people/testing/fixture-db';
import { setMatchThreshold } from '../core/space/thresholds';
import { BACKBONE_MODEL_NAME } from '../core/vision/types';

export const MATE_NAME = 'Person 0';

export async function seedNamingLibrary(dbFile: string, photos: string): Promise<{ mate: number; stranger: number }> {
  const db = openDatabase(dbFile);
  try {
    const crop = await sharp({
      create: { width: 112, height: 112, channels: 3, background: { r: 200, g: 120, b: 160 } },
    })
      .jpeg()
      .toBuffer();
    return db.transaction(() => {
      const folderId = addFolder(db, photos).id;
      const modelId = ensureBackboneModel(db, BACKBONE_MODEL_NAME);
      setMatchThreshold(db, modelId, 1.0);
      let n = 0;
      const addFace = (descriptor: Float32Array, quality: number) => {
        const photoId = insertPendingPhoto(db, { folderId, path: path.join(photos, `p${++n}.jpg`), size: 1, mtime: 1 });
        markPhotoDone(db, photoId, { size: 1, mtime: 1, hash: `h${n}`, width: 400, height: 300, takenAt: null });
        const box = { x: 10, y: 10, w: 100, h: 100 };
        return replaceFacesOfPhoto(db, photoId, modelId, [
          { box, score: 0.9, quality, landmarks: new Float32Array(136), descriptor, crop },
        ])[0];
      };
      const r = rng(7);
      const base = randomCentre(r);
      const centres = Array.from({ length: 12 }, () => around(base, 0.6, r));
      const person = db.prepare('INSERT INTO people (name, created_at) VALUES (?, ?)');
      const assign = db.prepare(`UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?`);
      centres.forEach((c, i) => {
        const pid = Number(person.run(`Person ${i}`, Date.now()).lastInsertRowid);
        for (let k = 0; k < 3; k++) assign.run(pid, addFace(around(c, 0.1, r), 0.8));
      });
      // Unsorted is reviewed by quality, best first: the mate comes first, then the stranger
      const mate = addFace(around(centres[0], 0.1, r), 0.95);
      const stranger = addFace(around(around(base, 0.6, r), 0.1, r), 0.9);
      return { mate, stranger };
    })();
  } finally {
    db.close();
  }
}
