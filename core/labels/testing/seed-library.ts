// Builds small libraries straight through the repositories (no analyzer): photos with known hashes and faces
// with known boxes, as a scan would have stored them.
import type { Database } from 'better-sqlite3';
import { addFolder } from '../../db/folders-repo';
import { replaceFacesOfPhoto } from '../../db/faces-repo';
import { ensureBackboneModel } from '../../db/models-repo';
import { insertPendingPhoto, markPhotoDone } from '../../db/photos-repo';
import { BACKBONE_MODEL_NAME, type Box } from '../../vision/types';

export interface SeedPhoto {
  readonly path: string;
  readonly hash: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
}

function descriptorFor(seed: number): Float32Array {
  const d = new Float32Array(128);
  for (let i = 0; i < 128; i++) d[i] = Math.sin(seed * 31 + i);
  const n = Math.hypot(...d);
  return d.map((v) => v / n);
}

/** Inserts the photos (done) and their faces; returns face ids per photo, in box order. */
export function seedPhotos(db: Database, folder: string, photos: readonly SeedPhoto[]): number[][] {
  const folderId = addFolder(db, folder).id;
  const model = ensureBackboneModel(db, BACKBONE_MODEL_NAME);
  return db.transaction(() =>
    photos.map((p, k) => {
      const id = insertPendingPhoto(db, { folderId, path: p.path, size: 1000 + k, mtime: 1 });
      const ids = replaceFacesOfPhoto(
        db,
        id,
        model,
        p.boxes.map((box, j) => ({
          box,
          score: 0.9,
          quality: 0.8,
          landmarks: new Float32Array(136),
          descriptor: descriptorFor(k * 10 + j),
          crop: null,
        })),
      );
      markPhotoDone(db, id, {
        size: 1000 + k,
        mtime: 1,
        hash: p.hash,
        width: p.width,
        height: p.height,
        takenAt: null,
      });
      return ids;
    }),
  )();
}

export function addPerson(db: Database, name: string | null): number {
  return Number(db.prepare('INSERT INTO people (name, created_at) VALUES (?, 1)').run(name).lastInsertRowid);
}

export function label(db: Database, faceId: number, personId: number, by: 'user' | 'machine' = 'user'): void {
  db.prepare('UPDATE faces SET person_id = ?, assigned_by = ? WHERE id = ?').run(personId, by, faceId);
}

/** The labels of a library in a form independent of ids: "hash#rank of the face by x -> person name, flags". */
export function labelSnapshot(db: Database): string[] {
  const rows = db
    .prepare(
      `SELECT p.hash, (SELECT count(*) FROM faces g WHERE g.photo_id = f.photo_id AND g.x < f.x) AS rank,
         f.assigned_by, pe.name, f.rejected,
         (SELECT group_concat(coalesce(q.name, '?'), ',') FROM not_person n JOIN people q ON q.id = n.person_id
          WHERE n.face_id = f.id) AS nots
       FROM faces f JOIN photos p ON p.id = f.photo_id LEFT JOIN people pe ON pe.id = f.person_id
       WHERE f.assigned_by = 'user' OR f.rejected = 1 OR EXISTS (SELECT 1 FROM not_person n WHERE n.face_id = f.id)`,
    )
    .all() as {
    hash: string;
    rank: number;
    assigned_by: string | null;
    name: string | null;
    rejected: number;
    nots: string | null;
  }[];
  return rows
    .map(
      (r) =>
        `${r.hash}#${r.rank} ` +
        `${r.assigned_by === 'user' ? (r.name ?? '(unnamed)') : '-'} rejected=${r.rejected} not=${r.nots ?? ''}`,
    )
    .sort();
}
