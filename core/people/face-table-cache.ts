/**
 * The face table kept in memory between after-scan batches. A scan calls updatePeople after every batch of ~50
 * photos; reading every descriptor again each time made after-scan work grow with the library (1.2 s a batch
 * at 20k faces, quadratic over a whole scan). Descriptors of a face id do not change unless its photo is
 * re-analysed, so each call reads only the small columns of every face (id, photo, person, who assigned it,
 * quality: no blobs) and the descriptors of faces added since; anything else (a face deleted, rejected or
 * re-analysed: a changed photo id or quality) falls back to one full load.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { loadFaceTable, type FaceTable } from './people-repo';

const DIM = DESCRIPTOR_SIZE;

interface Cached {
  ids: Int32Array;
  photoIds: Int32Array;
  quality: Float32Array;
  /** Capacity may exceed the face count: room to append the next batches without copying. */
  vectors: Float32Array;
  n: number;
}

const cache = new WeakMap<Database, Cached>();

/** How the last call was served, for the bench and tests. */
export let lastLoad: { kind: 'full' | 'incremental'; descriptorsRead: number } = { kind: 'full', descriptorsRead: 0 };

type Light = [id: number, photoId: number, personId: number | null, assignedBy: string | null, quality: number];

function remember(db: Database, t: FaceTable): FaceTable {
  cache.set(db, { ids: t.ids, photoIds: t.photoIds, quality: t.quality, vectors: t.vectors, n: t.ids.length });
  lastLoad = { kind: 'full', descriptorsRead: t.ids.length };
  return t;
}

/** The current face table (as loadFaceTable returns it), reading descriptors only for faces new since last call. */
export function currentFaceTable(db: Database): FaceTable {
  const c = cache.get(db);
  if (!c) return remember(db, loadFaceTable(db));
  const where = 'rejected = 0';
  const n = (db.prepare(`SELECT count(*) AS n FROM faces WHERE ${where}`).get() as { n: number }).n;
  // the cached faces must be exactly the first c.n faces now, unchanged
  if (n < c.n) return remember(db, loadFaceTable(db));
  const ids = new Int32Array(n);
  const photoIds = new Int32Array(n);
  const personIds = new Int32Array(n);
  const userAssigned = new Uint8Array(n);
  const quality = new Float32Array(n);
  let i = 0;
  const stmt = db.prepare(`SELECT id, photo_id, person_id, assigned_by, quality FROM faces WHERE ${where} ORDER BY id`);
  for (const r of stmt.raw().iterate() as Iterable<Light>) {
    if (i >= n) break;
    ids[i] = r[0];
    photoIds[i] = r[1];
    personIds[i] = r[2] ?? -1;
    userAssigned[i] = r[3] === 'user' ? 1 : 0;
    quality[i] = r[4];
    if (i < c.n && (ids[i] !== c.ids[i] || photoIds[i] !== c.photoIds[i] || quality[i] !== c.quality[i])) break;
    i++;
  }
  if (i < n) return remember(db, loadFaceTable(db));
  let vectors = c.vectors;
  if (n * DIM > vectors.length) {
    // grow by half again, so a whole scan copies each descriptor O(1) times
    vectors = new Float32Array(Math.max(n, Math.ceil(c.n * 1.5)) * DIM);
    vectors.set(c.vectors.subarray(0, c.n * DIM));
  }
  if (n > c.n) {
    const fresh = loadFaceTable(db, { minId: c.ids[c.n - 1] ?? 0 });
    if (fresh.ids.length !== n - c.n || fresh.ids.some((id, k) => id !== ids[c.n + k]))
      return remember(db, loadFaceTable(db)); // changed while reading: start over
    vectors.set(fresh.vectors, c.n * DIM);
  }
  cache.set(db, { ids, photoIds, quality, vectors, n });
  lastLoad = { kind: 'incremental', descriptorsRead: n - c.n };
  return { ids, photoIds, personIds, userAssigned, quality, vectors: vectors.subarray(0, n * DIM) };
}

/** Drops the cached table of `db` (tests; a caller that rewrote descriptors in place). */
export function forgetFaceTable(db: Database): void {
  cache.delete(db);
}
