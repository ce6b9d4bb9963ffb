/**
 * Test fixture: an in-memory library with faces whose descriptors are constructed, not computed, so that
 * who-is-near-whom is known exactly. Identity c's faces sit around a random unit centre at small spread.
 */
import { openDatabase, type Database } from '../../db/connection';
import { DESCRIPTOR_SIZE } from '../../vision/types';

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

export function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  return v.map((x) => x / n);
}

/** A random unit vector. */
export function randomCentre(r: () => number): Float32Array {
  return unit(Float32Array.from({ length: DESCRIPTOR_SIZE }, () => gauss(r)));
}

/** A unit vector at about `spread` Euclidean distance from `centre`. */
export function around(centre: Float32Array, spread: number, r: () => number): Float32Array {
  const sigma = spread / Math.sqrt(DESCRIPTOR_SIZE);
  return unit(centre.map((x) => x + sigma * gauss(r)));
}

export interface Fixture {
  readonly db: Database;
  /** Adds a photo and returns its id. */
  photo(): number;
  /** Adds a face to a photo (a new photo when omitted) and returns its id. */
  face(descriptor: Float32Array, opts?: { photoId?: number; quality?: number }): number;
}

export function fixtureDb(): Fixture {
  const db = openDatabase(':memory:');
  const folder = Number(db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/lib', 0)`).run().lastInsertRowid);
  const model = Number(
    db.prepare(`INSERT INTO models (kind, name, created_at, active) VALUES ('backbone', 'test', 0, 1)`).run()
      .lastInsertRowid,
  );
  let photos = 0;
  const photo = () =>
    Number(
      db
        .prepare(`INSERT INTO photos (folder_id, path, size, mtime, status) VALUES (?, ?, 1, 0, 'done')`)
        .run(folder, `/lib/p${++photos}.jpg`).lastInsertRowid,
    );
  const face = (d: Float32Array, opts: { photoId?: number; quality?: number } = {}) =>
    Number(
      db
        .prepare(
          `INSERT INTO faces (photo_id, x, y, w, h, score, quality, embedding, model_id) VALUES (?, 0, 0, 50, 50, 0.9, ?, ?, ?)`,
        )
        .run(opts.photoId ?? photo(), opts.quality ?? 1, Buffer.from(d.buffer, d.byteOffset, d.byteLength), model)
        .lastInsertRowid,
    );
  return { db, photo, face };
}

/** Person id of each face (null = Unsorted). */
export function personOf(db: Database, faceId: number): number | null {
  return (db.prepare('SELECT person_id FROM faces WHERE id = ?').get(faceId) as { person_id: number | null }).person_id;
}

export function assignedBy(db: Database, faceId: number): string | null {
  return (db.prepare('SELECT assigned_by FROM faces WHERE id = ?').get(faceId) as { assigned_by: string | null })
    .assigned_by;
}
