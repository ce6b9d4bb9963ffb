/**
 * The face table kept in memory between after-scan batches. A scan calls updatePeople after every batch of ~50
 * photos; reading every descriptor again each time made after-scan work grow with the library (1.2 s a batch
 * at 20k faces, quadratic over a whole scan of a large library).
 *
 * Validity: connection-local TEMP triggers count every update of a face's person, label, rejection, photo,
 * quality or descriptor and every face deleted (inserts are read by id); PRAGMA data_version moves when
 * another connection writes. When neither moved since the last call, only faces added since are read.
 * When they did, every face's small columns are read again (no blobs) and the descriptors are kept as long as
 * the faces are the same ones; a face deleted, rejected or re-analysed in place means one full load.
 * updatePeople writes its own assignments into the table it got, and reports them back with `settleFaceTable`.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { loadFaceTable, type FaceTable } from './people-repo';

const DIM = DESCRIPTOR_SIZE;

interface Cached {
  /** What callers get: views of the first n rows of `backing`. */
  table: FaceTable;
  /** Arrays with room for `capacity` faces, so the next batches append without copying. */
  backing: FaceTable;
  capacity: number;
  stamp: string;
}

const cache = new WeakMap<Database, Cached>();

/** How the last call was served, for the bench and tests. */
export let lastLoad: { kind: 'full' | 'incremental' | 'columns'; descriptorsRead: number } = {
  kind: 'full',
  descriptorsRead: 0,
};

type Light = [id: number, photoId: number, personId: number | null, assignedBy: string | null, quality: number];

function installTriggers(db: Database): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS facet_face_changes (n INTEGER NOT NULL);
    INSERT INTO facet_face_changes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM facet_face_changes);
    CREATE TEMP TRIGGER IF NOT EXISTS facet_face_updated
      AFTER UPDATE OF person_id, assigned_by, rejected, photo_id, quality, embedding ON main.faces
      BEGIN UPDATE facet_face_changes SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS facet_face_deleted AFTER DELETE ON main.faces
      BEGIN UPDATE facet_face_changes SET n = n + 1; END;`);
}

function stampOf(db: Database): string {
  const n = (db.prepare('SELECT n FROM temp.facet_face_changes').get() as { n: number }).n;
  return `${n}:${db.pragma('data_version', { simple: true }) as number}`;
}

function withCapacity(t: FaceTable, n: number, capacity: number): FaceTable {
  const grow = <T extends Int32Array | Uint8Array | Float32Array>(a: T, make: (len: number) => T, per = 1): T => {
    const out = make(capacity * per);
    out.set(a.subarray(0, n * per));
    return out;
  };
  return {
    ids: grow(t.ids, (l) => new Int32Array(l)),
    photoIds: grow(t.photoIds, (l) => new Int32Array(l)),
    personIds: grow(t.personIds, (l) => new Int32Array(l)),
    userAssigned: grow(t.userAssigned, (l) => new Uint8Array(l)),
    quality: grow(t.quality, (l) => new Float32Array(l)),
    vectors: grow(t.vectors, (l) => new Float32Array(l), DIM),
  };
}

function view(t: FaceTable, n: number): FaceTable {
  return {
    ids: t.ids.subarray(0, n),
    photoIds: t.photoIds.subarray(0, n),
    personIds: t.personIds.subarray(0, n),
    userAssigned: t.userAssigned.subarray(0, n),
    quality: t.quality.subarray(0, n),
    vectors: t.vectors.subarray(0, n * DIM),
  };
}

function full(db: Database): FaceTable {
  const t = loadFaceTable(db);
  cache.set(db, { table: t, backing: t, capacity: t.ids.length, stamp: stampOf(db) });
  lastLoad = { kind: 'full', descriptorsRead: t.ids.length };
  return t;
}

/** Re-reads the small columns of every face; false when a cached face is gone or changed (needs a full load). */
function refreshColumns(db: Database, c: Cached): boolean {
  const t = c.table;
  const n = t.ids.length;
  let i = 0;
  const stmt = db.prepare(
    `SELECT id, photo_id, person_id, assigned_by, quality FROM faces WHERE rejected = 0 AND id <= ? ORDER BY id`,
  );
  for (const r of stmt.raw().iterate(n ? t.ids[n - 1] : 0) as Iterable<Light>) {
    if (i >= n || r[0] !== t.ids[i] || r[1] !== t.photoIds[i] || Math.fround(r[4]) !== t.quality[i]) return false;
    t.personIds[i] = r[2] ?? -1;
    t.userAssigned[i] = r[3] === 'user' ? 1 : 0;
    i++;
  }
  return i === n;
}

/**
 * The current face table (what loadFaceTable returns), reading descriptors only for faces new since the last
 * call. Call inside the transaction that uses it; after writing assignments into it, call settleFaceTable,
 * and forgetFaceTable if the transaction fails.
 */
export function currentFaceTable(db: Database): FaceTable {
  installTriggers(db);
  const c = cache.get(db);
  if (!c) return full(db);
  let kind: 'incremental' | 'columns' = 'incremental';
  if (stampOf(db) !== c.stamp) {
    if (!refreshColumns(db, c)) return full(db);
    kind = 'columns';
  }
  const n = c.table.ids.length;
  const fresh = loadFaceTable(db, { minId: n ? c.table.ids[n - 1] : 0 });
  const m = fresh.ids.length;
  if (m) {
    let { backing, capacity } = c;
    if (n + m > capacity) {
      capacity = Math.max(n + m, Math.ceil(n * 1.5));
      backing = withCapacity(c.table, n, capacity);
    }
    backing.ids.set(fresh.ids, n);
    backing.photoIds.set(fresh.photoIds, n);
    backing.personIds.set(fresh.personIds, n);
    backing.userAssigned.set(fresh.userAssigned, n);
    backing.quality.set(fresh.quality, n);
    backing.vectors.set(fresh.vectors, n * DIM);
    const table = view(backing, n + m);
    cache.set(db, { table, backing, capacity, stamp: c.stamp });
  }
  lastLoad = { kind, descriptorsRead: m };
  return cache.get(db)!.table;
}

/** The caller's writes (assignments mirrored into the table) are done: the table is current as of now. */
export function settleFaceTable(db: Database): void {
  const c = cache.get(db);
  if (c) c.stamp = stampOf(db);
}

/** Drops the cached table of `db` (a failed transaction; a caller that rewrote descriptors in place). */
export function forgetFaceTable(db: Database): void {
  cache.delete(db);
}
