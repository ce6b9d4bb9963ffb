/** Test helper: an in-memory library whose faces carry known descriptors, labels and marks. */
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../db/connection';
import { DESCRIPTOR_SIZE } from '../../vision/types';

export interface SeededFace {
  readonly descriptor: Float32Array;
  /** Index into `people` of the person the face is in, or null. */
  readonly person: number | null;
  readonly by?: 'user' | 'machine';
  readonly rejected?: boolean;
}

export function seedLibrary(
  people: number,
  faces: readonly SeededFace[],
  file = ':memory:',
): { db: Database; faceIds: number[]; personIds: number[]; backboneId: number } {
  const db = openDatabase(file);
  const folder = Number(db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 0)`).run().lastInsertRowid);
  const backboneId = Number(
    db.prepare(`INSERT INTO models (kind, name, created_at, active) VALUES ('backbone', 'test-net', 0, 1)`).run()
      .lastInsertRowid,
  );
  const personIds = Array.from({ length: people }, (_, p) =>
    Number(db.prepare(`INSERT INTO people (name, created_at) VALUES (?, 0)`).run(`P${p}`).lastInsertRowid),
  );
  const photo = db.prepare(`INSERT INTO photos (folder_id, path, size, mtime, status) VALUES (?, ?, 1, 0, 'done')`);
  const face = db.prepare(
    `INSERT INTO faces (photo_id, x, y, w, h, score, quality, embedding, model_id, person_id, assigned_by, rejected)
     VALUES (?, 0, 0, 10, 10, 1, 1, ?, ?, ?, ?, ?)`,
  );
  const faceIds = faces.map((f, i) => {
    if (f.descriptor.length !== DESCRIPTOR_SIZE) throw new Error('seedLibrary: descriptors must have 128 values');
    const photoId = Number(photo.run(folder, `/photos/${i}.jpg`).lastInsertRowid);
    const personId = f.person === null ? null : personIds[f.person];
    return Number(
      face.run(
        photoId,
        Buffer.from(f.descriptor.buffer, f.descriptor.byteOffset, DESCRIPTOR_SIZE * 4),
        backboneId,
        personId,
        personId === null ? null : (f.by ?? 'user'),
        f.rejected ? 1 : 0,
      ).lastInsertRowid,
    );
  });
  return { db, faceIds, personIds, backboneId };
}

/** A unit 128-D vector: cos(angle)·e_axis + sin(angle)·e_127, so distances between such vectors are known. */
export function unitVector(axis: number, angle = 0): Float32Array {
  const v = new Float32Array(DESCRIPTOR_SIZE);
  v[axis] = Math.cos(angle);
  v[DESCRIPTOR_SIZE - 1] += Math.sin(angle);
  return v;
}
