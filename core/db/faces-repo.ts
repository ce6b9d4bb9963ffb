/**
 * The faces table: the only module that runs SQL on it. Descriptors are 128 x float32 BLOBs tagged with the
 * model that made them; boxes and landmarks are in pixels of the photo as displayed (EXIF orientation applied).
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE, type Box } from '../vision/types';

const DESCRIPTOR_BYTES = DESCRIPTOR_SIZE * 4;

/** A face as the scanner stores it (already in original-photo pixels). */
export interface NewFace {
  readonly box: Box;
  readonly score: number;
  readonly quality: number;
  readonly landmarks: Float32Array;
  readonly descriptor: Float32Array;
  readonly crop: Buffer | null;
}

export interface FaceRow {
  readonly id: number;
  readonly photoId: number;
  readonly box: Box;
  readonly score: number;
  readonly quality: number;
  readonly landmarks: Float32Array | null;
  readonly descriptor: Float32Array;
  readonly modelId: number;
  readonly personId: number | null;
  readonly assignedBy: 'user' | 'machine' | null;
  readonly rejected: boolean;
}

interface Raw {
  id: number;
  photo_id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  landmarks: Buffer | null;
  score: number;
  quality: number;
  embedding: Buffer;
  model_id: number;
  person_id: number | null;
  assigned_by: 'user' | 'machine' | null;
  rejected: number;
}

const COLS =
  'id, photo_id, x, y, w, h, landmarks, score, quality, embedding, model_id, person_id, assigned_by, rejected';

/** Float32Array -> BLOB without copying (the view's own bytes). */
export function f32ToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** BLOB -> Float32Array; copies so the result is aligned and independent of SQLite's buffer. */
export function blobToF32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

const toFace = (r: Raw): FaceRow => ({
  id: r.id,
  photoId: r.photo_id,
  box: { x: r.x, y: r.y, w: r.w, h: r.h },
  score: r.score,
  quality: r.quality,
  landmarks: r.landmarks ? blobToF32(r.landmarks) : null,
  descriptor: blobToF32(r.embedding),
  modelId: r.model_id,
  personId: r.person_id,
  assignedBy: r.assigned_by,
  rejected: r.rejected === 1,
});

export function facesOfPhoto(db: Database, photoId: number): FaceRow[] {
  return (db.prepare(`SELECT ${COLS} FROM faces WHERE photo_id = ? ORDER BY id`).all(photoId) as Raw[]).map(toFace);
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Old faces of a re-analysed photo that match new ones (greedy, highest IoU first, one-to-one, IoU >= 0.5). */
function matchByIou(oldBoxes: readonly Box[], newBoxes: readonly Box[]): Map<number, number> {
  const pairs: { o: number; n: number; v: number }[] = [];
  oldBoxes.forEach((o, i) =>
    newBoxes.forEach((n, j) => {
      const v = iou(o, n);
      if (v >= 0.5) pairs.push({ o: i, n: j, v });
    }),
  );
  pairs.sort((a, b) => b.v - a.v);
  const newOfOld = new Map<number, number>();
  const usedNew = new Set<number>();
  for (const p of pairs) {
    if (newOfOld.has(p.o) || usedNew.has(p.n)) continue;
    newOfOld.set(p.o, p.n);
    usedNew.add(p.n);
  }
  return newOfOld;
}

/**
 * Stores the faces just found in a photo. When the photo had faces before (its file changed, e.g. a tagger
 * rewrote its EXIF), each old face that overlaps a new one is updated in place: its id, and with it the
 * person, the user's label, "not this person" and cover references, survive. Old faces with no match are
 * deleted. Call inside the caller's transaction. Returns the ids in the order of `faces`.
 */
/** The stored columns of a detected face, in the order x, y, w, h, landmarks, score, quality, crop, embedding, model_id. */
function faceValues(f: NewFace, modelId: number): unknown[] {
  return [
    f.box.x,
    f.box.y,
    f.box.w,
    f.box.h,
    f32ToBlob(f.landmarks),
    f.score,
    f.quality,
    f.crop,
    checkedDescriptor(f.descriptor),
    modelId,
  ];
}

export function replaceFacesOfPhoto(
  db: Database,
  photoId: number,
  modelId: number,
  faces: readonly NewFace[],
): number[] {
  const old = db.prepare('SELECT id, x, y, w, h FROM faces WHERE photo_id = ? ORDER BY id').all(photoId) as {
    id: number;
    x: number;
    y: number;
    w: number;
    h: number;
  }[];
  const match = matchByIou(
    old.map((o) => ({ x: o.x, y: o.y, w: o.w, h: o.h })),
    faces.map((f) => f.box),
  );
  const ids: number[] = new Array<number>(faces.length);
  const update = db.prepare(
    `UPDATE faces SET x = ?, y = ?, w = ?, h = ?, landmarks = ?, score = ?, quality = ?, crop = ?, embedding = ?,
       model_id = ? WHERE id = ?`,
  );
  const del = db.prepare('DELETE FROM faces WHERE id = ?');
  old.forEach((o, i) => {
    const j = match.get(i);
    if (j === undefined) {
      del.run(o.id);
      return;
    }
    update.run(...faceValues(faces[j], modelId), o.id);
    ids[j] = o.id;
  });
  const insert = db.prepare(
    `INSERT INTO faces (photo_id, x, y, w, h, landmarks, score, quality, crop, embedding, model_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  faces.forEach((f, j) => {
    if (ids[j] !== undefined) return;
    const info = insert.run(photoId, ...faceValues(f, modelId));
    ids[j] = Number(info.lastInsertRowid);
  });
  return ids;
}

function checkedDescriptor(d: Float32Array): Buffer {
  if (d.length !== DESCRIPTOR_SIZE) throw new Error(`descriptor has ${d.length} values, expected ${DESCRIPTOR_SIZE}`);
  return f32ToBlob(d);
}

/** Which faces `loadDescriptors` returns. Every field narrows; rejected faces are left out unless asked for. */
export interface FaceFilter {
  readonly faceIds?: readonly number[];
  readonly photoIds?: readonly number[];
  /** A person id, or null for faces assigned to nobody. */
  readonly personId?: number | null;
  readonly assignedBy?: 'user' | 'machine';
  readonly modelId?: number;
  readonly includeRejected?: boolean;
}

function whereOf(f: FaceFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (f.faceIds) {
    parts.push(`id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(f.faceIds));
  }
  if (f.photoIds) {
    parts.push(`photo_id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(f.photoIds));
  }
  if (f.personId === null) parts.push('person_id IS NULL');
  else if (f.personId !== undefined) {
    parts.push('person_id = ?');
    args.push(f.personId);
  }
  if (f.assignedBy) {
    parts.push('assigned_by = ?');
    args.push(f.assignedBy);
  }
  if (f.modelId !== undefined) {
    parts.push('model_id = ?');
    args.push(f.modelId);
  }
  if (!f.includeRejected) parts.push('rejected = 0');
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/**
 * Descriptors of the faces matching `where`, as one Float32Array (n x 128, row i = ids[i]) in face id order:
 * the in-memory form every search and clustering step works on.
 */
export function loadDescriptors(db: Database, where: FaceFilter = {}): { ids: Int32Array; vectors: Float32Array } {
  const w = whereOf(where);
  const n = (db.prepare(`SELECT count(*) AS n FROM faces ${w.sql}`).get(...w.args) as { n: number }).n;
  const ids = new Int32Array(n);
  const vectors = new Float32Array(n * DESCRIPTOR_SIZE);
  const bytes = new Uint8Array(vectors.buffer);
  let i = 0;
  const stmt = db.prepare(`SELECT id, embedding FROM faces ${w.sql} ORDER BY id`);
  for (const r of stmt.iterate(...w.args) as Iterable<{ id: number; embedding: Buffer }>) {
    if (i >= n) break; // rows added since the count (another writer): ignore them
    if (r.embedding.byteLength !== DESCRIPTOR_BYTES) throw new Error(`face ${r.id} has a malformed embedding`);
    ids[i] = r.id;
    bytes.set(r.embedding, i * DESCRIPTOR_BYTES);
    i++;
  }
  return i === n ? { ids, vectors } : { ids: ids.slice(0, i), vectors: vectors.slice(0, i * DESCRIPTOR_SIZE) };
}

/** Face counts as every view shows them: a rejected face ("not a face") counts only as rejected. */
export interface FaceCounts {
  readonly total: number;
  readonly unsorted: number;
  readonly assigned: number;
  readonly userLabelled: number;
  readonly rejected: number;
}

export function countFaces(db: Database): FaceCounts {
  return db
    .prepare(
      `SELECT coalesce(sum(rejected = 0), 0) AS total,
         coalesce(sum(rejected = 0 AND person_id IS NULL), 0) AS unsorted,
         coalesce(sum(rejected = 0 AND person_id IS NOT NULL), 0) AS assigned,
         coalesce(sum(rejected = 0 AND assigned_by = 'user'), 0) AS userLabelled,
         coalesce(sum(rejected), 0) AS rejected
       FROM faces`,
    )
    .get() as FaceCounts;
}

/** A face as `facet export` writes it. */
export interface ExportedFaceRow {
  readonly id: number;
  readonly photoId: number;
  readonly path: string;
  readonly box: Box;
  readonly score: number;
  readonly landmarks: Float32Array | null;
  readonly personId: number | null;
  readonly personName: string | null;
  readonly embedding: Float32Array;
}

/** Streams every face with its photo path and person name, in face id order. */
export function* iterateFacesForExport(db: Database): IterableIterator<ExportedFaceRow> {
  const stmt = db.prepare(
    `SELECT faces.id, faces.photo_id, photos.path, x, y, w, h, score, landmarks, person_id, people.name AS person_name,
       embedding FROM faces JOIN photos ON photos.id = faces.photo_id LEFT JOIN people ON people.id = faces.person_id
       ORDER BY faces.id`,
  );
  type R = Raw & { path: string; person_name: string | null };
  for (const r of stmt.iterate() as Iterable<R>)
    yield {
      id: r.id,
      photoId: r.photo_id,
      path: r.path,
      box: { x: r.x, y: r.y, w: r.w, h: r.h },
      score: r.score,
      landmarks: r.landmarks ? blobToF32(r.landmarks) : null,
      personId: r.person_id,
      personName: r.person_name,
      embedding: blobToF32(r.embedding),
    };
}

/** For each photo in `photoIds`, its largest face (by box area), with the descriptor and quality. */
export function largestFaceOfPhotos(
  db: Database,
  photoIds: readonly number[],
): Map<number, { faceId: number; descriptor: Float32Array; quality: number }> {
  const out = new Map<number, { faceId: number; descriptor: Float32Array; quality: number }>();
  const stmt = db.prepare(
    `SELECT id, photo_id, embedding, quality FROM faces WHERE photo_id = ? AND rejected = 0 ORDER BY w * h DESC, id LIMIT 1`,
  );
  for (const pid of photoIds) {
    const r = stmt.get(pid) as { id: number; photo_id: number; embedding: Buffer; quality: number } | undefined;
    if (r) out.set(pid, { faceId: r.id, descriptor: blobToF32(r.embedding), quality: r.quality });
  }
  return out;
}

export function faceExists(db: Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM faces WHERE id = ?').get(id) !== undefined;
}

/** The person of every face that is not rejected (null: Unsorted), by face id. */
export function personOfFaces(db: Database): Map<number, number | null> {
  const out = new Map<number, number | null>();
  for (const r of db.prepare('SELECT id, person_id FROM faces WHERE rejected = 0').iterate() as Iterable<{
    id: number;
    person_id: number | null;
  }>)
    out.set(r.id, r.person_id);
  return out;
}

/** What a face's image needs: its photo, its box and the crop stored at scan time (null for an older scan). */
export function faceCropSource(
  db: Database,
  id: number,
): { photo_id: number; x: number; y: number; w: number; h: number; crop: Buffer | null } | undefined {
  return db.prepare('SELECT photo_id, x, y, w, h, crop FROM faces WHERE id = ?').get(id) as
    { photo_id: number; x: number; y: number; w: number; h: number; crop: Buffer | null } | undefined;
}

/** The faces of one photo with the name of their person, left to right. */
export function facesOfPhotoWithNames(db: Database, photoId: number) {
  return (
    db
      .prepare(
        `SELECT f.id, f.x, f.y, f.w, f.h, f.person_id AS personId, p.name AS personName, f.rejected
         FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.photo_id = ? ORDER BY f.x`,
      )
      .all(photoId) as {
      id: number;
      x: number;
      y: number;
      w: number;
      h: number;
      personId: number | null;
      personName: string | null;
      rejected: number;
    }[]
  ).map((f) => ({ ...f, rejected: f.rejected !== 0 }));
}

/** A face as the people views list it. */
export interface FaceRefRow {
  id: number;
  photo_id: number;
  person_id: number | null;
  assigned_by: 'user' | 'machine' | null;
  quality: number;
}

const FACE_REF_COLS = 'id, photo_id, person_id, assigned_by, quality';

/** A person's faces, user-confirmed first, then by quality: the ones worth checking come last. */
export function faceRefRowsOfPerson(db: Database, personId: number): FaceRefRow[] {
  return db
    .prepare(
      `SELECT ${FACE_REF_COLS} FROM faces WHERE person_id = ? AND rejected = 0
       ORDER BY assigned_by = 'user' DESC, quality DESC, id`,
    )
    .all(personId) as FaceRefRow[];
}

/** The faces of `ids` that exist, in the order given. */
export function faceRefRowsByIds(db: Database, ids: readonly number[]): FaceRefRow[] {
  const stmt = db.prepare(`SELECT ${FACE_REF_COLS} FROM faces WHERE id = ?`);
  return ids.map((id) => stmt.get(id) as FaceRefRow | undefined).filter((r): r is FaceRefRow => !!r);
}

/** One page of Unsorted (best faces first) and how many there are. */
export function unsortedFaceRefRows(
  db: Database,
  offset: number,
  limit: number,
): { total: number; rows: FaceRefRow[] } {
  const total = (
    db.prepare('SELECT count(*) AS n FROM faces WHERE person_id IS NULL AND rejected = 0').get() as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT ${FACE_REF_COLS} FROM faces WHERE person_id IS NULL AND rejected = 0
       ORDER BY quality DESC, id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as FaceRefRow[];
  return { total, rows };
}
