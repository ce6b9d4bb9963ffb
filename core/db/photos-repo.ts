/**
 * The photos table: the only module that runs SQL on it. A photo row goes pending -> done | error; each
 * transition is one short statement or a transaction owned by the caller (the scan commits a photo and its
 * faces together).
 */
import type { Database } from 'better-sqlite3';

export type PhotoStatus = 'pending' | 'done' | 'error';

export interface PhotoRow {
  readonly id: number;
  readonly folderId: number;
  readonly path: string;
  readonly size: number;
  readonly mtime: number;
  readonly hash: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly takenAt: string | null;
  readonly status: PhotoStatus;
  readonly error: string | null;
}

interface Raw {
  id: number;
  folder_id: number;
  path: string;
  size: number;
  mtime: number;
  hash: string | null;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  status: PhotoStatus;
  error: string | null;
}

const COLS = 'id, folder_id, path, size, mtime, hash, width, height, taken_at, status, error';

const toPhoto = (r: Raw): PhotoRow => ({
  id: r.id,
  folderId: r.folder_id,
  path: r.path,
  size: r.size,
  mtime: r.mtime,
  hash: r.hash,
  width: r.width,
  height: r.height,
  takenAt: r.taken_at,
  status: r.status,
  error: r.error,
});

export function getPhotoByPath(db: Database, path: string): PhotoRow | undefined {
  const r = db.prepare(`SELECT ${COLS} FROM photos WHERE path = ?`).get(path) as Raw | undefined;
  return r && toPhoto(r);
}

export function getPhoto(db: Database, id: number): PhotoRow | undefined {
  const r = db.prepare(`SELECT ${COLS} FROM photos WHERE id = ?`).get(id) as Raw | undefined;
  return r && toPhoto(r);
}

/** Photos with this content hash and size (candidates for "the same photo, moved"). */
export function findPhotosByHash(db: Database, hash: string, size: number): PhotoRow[] {
  return (db.prepare(`SELECT ${COLS} FROM photos WHERE hash = ? AND size = ?`).all(hash, size) as Raw[]).map(toPhoto);
}

/** Change-detection view of a folder's photos: path -> (id, size, mtime, status, hashes, missing mark). */
export interface PhotoIndexEntry {
  readonly id: number;
  readonly size: number;
  readonly mtime: number;
  readonly status: PhotoStatus;
  readonly error: string | null;
  readonly hash: string | null;
  readonly quickHash: string | null;
  readonly missingSince: number | null;
}

interface IndexRaw extends Raw {
  quick_hash: string | null;
  missing_since: number | null;
}

const INDEX_COLS = 'id, path, size, mtime, status, error, hash, quick_hash, missing_since';
const toIndexEntry = (r: IndexRaw): PhotoIndexEntry => ({
  id: r.id,
  size: r.size,
  mtime: r.mtime,
  status: r.status,
  error: r.error,
  hash: r.hash,
  quickHash: r.quick_hash,
  missingSince: r.missing_since,
});

export function photoIndexOfFolder(db: Database, folderId: number): Map<string, PhotoIndexEntry> {
  const out = new Map<string, PhotoIndexEntry>();
  const stmt = db.prepare(`SELECT ${INDEX_COLS} FROM photos WHERE folder_id = ?`);
  for (const r of stmt.iterate(folderId) as Iterable<IndexRaw>) out.set(r.path, toIndexEntry(r));
  return out;
}

export function photoIndexEntryByPath(db: Database, path: string): PhotoIndexEntry | undefined {
  const r = db.prepare(`SELECT ${INDEX_COLS} FROM photos WHERE path = ?`).get(path) as IndexRaw | undefined;
  return r && toIndexEntry(r);
}

/** Stores the quick hash of a file that was already analysed (libraries from before quick hashes). */
export function setQuickHash(db: Database, id: number, quickHash: string): void {
  db.prepare('UPDATE photos SET quick_hash = ? WHERE id = ?').run(quickHash, id);
}

/** Records a newly seen file as pending; returns its id. */
export function insertPendingPhoto(
  db: Database,
  p: { folderId: number; path: string; size: number; mtime: number },
): number {
  const info = db
    .prepare("INSERT INTO photos (folder_id, path, size, mtime, status) VALUES (?, ?, ?, ?, 'pending')")
    .run(p.folderId, p.path, p.size, p.mtime);
  return Number(info.lastInsertRowid);
}

/** A file in a format this build cannot decode: recorded (visible in `facet status`), never analysed. */
export function insertErrorPhoto(
  db: Database,
  p: { folderId: number; path: string; size: number; mtime: number; error: string },
  now = Date.now(),
): number {
  const info = db
    .prepare(
      "INSERT INTO photos (folder_id, path, size, mtime, status, error, scanned_at) VALUES (?, ?, ?, ?, 'error', ?, ?)",
    )
    .run(p.folderId, p.path, p.size, p.mtime, p.error, now);
  return Number(info.lastInsertRowid);
}

/** A known file changed on disk (size or mtime): it must be analysed again; its faces stay until then. */
export function markPhotoChanged(db: Database, id: number, size: number, mtime: number): void {
  db.prepare("UPDATE photos SET size = ?, mtime = ?, status = 'pending' WHERE id = ?").run(size, mtime, id);
}

export interface PhotoAnalysed {
  readonly size: number;
  readonly mtime: number;
  readonly hash: string;
  /** Hash of the first and last 64 KiB (content-hash.ts); absent in fixtures that have no file. */
  readonly quickHash?: string | null;
  readonly width: number;
  readonly height: number;
  readonly takenAt: string | null;
}

export function markPhotoDone(db: Database, id: number, a: PhotoAnalysed, now = Date.now()): void {
  db.prepare(
    `UPDATE photos SET size = ?, mtime = ?, hash = ?, quick_hash = ?, width = ?, height = ?, taken_at = ?,
       status = 'done', error = NULL, scanned_at = ?, missing_since = NULL WHERE id = ?`,
  ).run(a.size, a.mtime, a.hash, a.quickHash ?? null, a.width, a.height, a.takenAt, now, id);
}

/**
 * Records why a file could not be analysed. Faces from an earlier good version of the file are kept, and so is
 * its content hash when the file could not be read at all (hash null): it is what finds the photo if it moves.
 */
export function markPhotoError(
  db: Database,
  id: number,
  e: { size: number; mtime: number; hash: string | null; quickHash?: string | null; error: string },
  now = Date.now(),
): void {
  db.prepare(
    `UPDATE photos SET size = ?, mtime = ?, hash = coalesce(?, hash), quick_hash = ?, status = 'error', error = ?,
       scanned_at = ? WHERE id = ?`,
  ).run(e.size, e.mtime, e.hash, e.quickHash ?? null, e.error, now, id);
}

/** The same content found at a new path: the row (and so its faces and their labels) moves with it. */
export function movePhoto(db: Database, id: number, to: { folderId: number; path: string; mtime: number }): void {
  db.prepare('UPDATE photos SET folder_id = ?, path = ?, mtime = ?, missing_since = NULL WHERE id = ?').run(
    to.folderId,
    to.path,
    to.mtime,
    id,
  );
}

/** Deletes photos (their faces go with them through ON DELETE CASCADE). */
export function deletePhotos(db: Database, ids: readonly number[]): number {
  const stmt = db.prepare('DELETE FROM photos WHERE id = ?');
  let n = 0;
  db.transaction(() => {
    for (const id of ids) n += stmt.run(id).changes;
  })();
  return n;
}

/** Photos not on disk any more that are kept because they hold user labels (see migration 003). */
export function markPhotosMissing(db: Database, ids: readonly number[], now = Date.now()): void {
  const stmt = db.prepare('UPDATE photos SET missing_since = coalesce(missing_since, ?) WHERE id = ?');
  db.transaction(() => ids.forEach((id) => stmt.run(now, id)))();
}

/** A missing photo found again at its own path. */
export function clearPhotoMissing(db: Database, id: number): void {
  db.prepare('UPDATE photos SET missing_since = NULL WHERE id = ?').run(id);
}

/** What a photo's removal would drop: the user's names on its faces, rejections, "not this person" marks. */
export interface PhotoLabels {
  readonly id: number;
  readonly path: string;
  /** Names given by the user to faces of this photo (an unnamed person shows as "unnamed person"). */
  readonly names: string[];
  /** Faces the user rejected or marked "not this person". */
  readonly otherMarks: number;
  readonly missingSince: number | null;
}

const LABELS_SQL = `SELECT p.id, p.path, p.missing_since,
    (SELECT group_concat(coalesce(pe.name, 'unnamed person'), char(31)) FROM faces f
       JOIN people pe ON pe.id = f.person_id WHERE f.photo_id = p.id AND f.assigned_by = 'user') AS names,
    (SELECT count(*) FROM faces f WHERE f.photo_id = p.id
       AND (f.rejected = 1 OR EXISTS (SELECT 1 FROM not_person n WHERE n.face_id = f.id))) AS marks
  FROM photos p`;

interface LabelsRaw {
  id: number;
  path: string;
  missing_since: number | null;
  names: string | null;
  marks: number;
}

const toLabels = (r: LabelsRaw): PhotoLabels => ({
  id: r.id,
  path: r.path,
  names: r.names ? r.names.split('\u001f') : [],
  otherMarks: r.marks,
  missingSince: r.missing_since,
});

/** The user labels held by each of these photos; photos holding none are left out. */
export function userLabelsOfPhotos(db: Database, ids: readonly number[]): PhotoLabels[] {
  const stmt = db.prepare(`${LABELS_SQL} WHERE p.id = ?`);
  return ids
    .map((id) => stmt.get(id) as LabelsRaw | undefined)
    .filter((r): r is LabelsRaw => !!r && (!!r.names || r.marks > 0))
    .map(toLabels);
}

/** Every photo kept while missing from disk, with the labels that removing it would drop. */
export function missingPhotos(db: Database): PhotoLabels[] {
  return (db.prepare(`${LABELS_SQL} WHERE p.missing_since IS NOT NULL ORDER BY p.path`).all() as LabelsRaw[]).map(
    toLabels,
  );
}

/** Photos whose path starts with `dir` + separator, using the path index (a range, not LIKE). */
export function photosUnder(db: Database, dir: string, sep: string): PhotoRow[] {
  const lo = dir.endsWith(sep) ? dir : dir + sep;
  const hi = lo.slice(0, -1) + String.fromCharCode(lo.charCodeAt(lo.length - 1) + 1);
  return (db.prepare(`SELECT ${COLS} FROM photos WHERE path >= ? AND path < ? ORDER BY path`).all(lo, hi) as Raw[]).map(
    toPhoto,
  );
}

export interface PhotoCounts {
  readonly total: number;
  readonly pending: number;
  readonly done: number;
  readonly errors: number;
}

export function countPhotos(db: Database, folderId?: number): PhotoCounts {
  const where = folderId === undefined ? '' : 'WHERE folder_id = ?';
  const args = folderId === undefined ? [] : [folderId];
  const r = db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(status = 'pending'), 0) AS pending,
         coalesce(sum(status = 'done'), 0) AS done, coalesce(sum(status = 'error'), 0) AS errors FROM photos ${where}`,
    )
    .get(...args) as PhotoCounts;
  return { total: r.total, pending: r.pending, done: r.done, errors: r.errors };
}

/** Error messages grouped by their category (the text before the first ':'), most frequent first. */
export function errorCategories(db: Database): { category: string; count: number }[] {
  return db
    .prepare(
      `SELECT CASE WHEN instr(error, ':') > 0 THEN substr(error, 1, instr(error, ':') - 1) ELSE error END AS category,
         count(*) AS count FROM photos WHERE status = 'error' GROUP BY category ORDER BY count DESC, category`,
    )
    .all() as { category: string; count: number }[];
}

export function listPhotoErrors(
  db: Database,
  opts: { folderId?: number; limit?: number; offset?: number } = {},
): { total: number; items: { photoId: number; path: string; error: string }[] } {
  const where = opts.folderId === undefined ? "status = 'error'" : "status = 'error' AND folder_id = ?";
  const args = opts.folderId === undefined ? [] : [opts.folderId];
  const total = (db.prepare(`SELECT count(*) AS n FROM photos WHERE ${where}`).get(...args) as { n: number }).n;
  const items = db
    .prepare(`SELECT id AS photoId, path, error FROM photos WHERE ${where} ORDER BY path LIMIT ? OFFSET ?`)
    .all(...args, opts.limit ?? 100, opts.offset ?? 0) as { photoId: number; path: string; error: string }[];
  return { total, items };
}

/** Streams every photo in id order (export); never materialises the whole table. */
export function iteratePhotos(db: Database): IterableIterator<PhotoRow> {
  const it = db.prepare(`SELECT ${COLS} FROM photos ORDER BY id`).iterate() as IterableIterator<Raw>;
  return (function* () {
    for (const r of it) yield toPhoto(r);
  })();
}

/** A photo's path and the path of the library folder it belongs to. */
export function photoPathAndFolder(db: Database, photoId: number): { path: string; folder: string } | undefined {
  return db
    .prepare('SELECT p.path, f.path AS folder FROM photos p JOIN folders f ON f.id = p.folder_id WHERE p.id = ?')
    .get(photoId) as { path: string; folder: string } | undefined;
}

/** A photo as the app's photo view shows it (null sizes before analysis). */
export function photoHeader(
  db: Database,
  photoId: number,
): { id: number; path: string; width: number | null; height: number | null; takenAt: string | null } | undefined {
  return db.prepare('SELECT id, path, width, height, taken_at AS takenAt FROM photos WHERE id = ?').get(photoId) as
    { id: number; path: string; width: number | null; height: number | null; takenAt: string | null } | undefined;
}

/** Analysed photos with their size (all, or those in `ids`), by id: what XMP regions are written for. */
export function analysedPhotosWithSize(
  db: Database,
  ids?: readonly number[],
): { id: number; path: string; width: number; height: number }[] {
  const base = `SELECT id, path, width, height FROM photos WHERE status = 'done' AND width IS NOT NULL`;
  return (
    ids
      ? db.prepare(`${base} AND id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(ids))
      : db.prepare(`${base} ORDER BY id`).all()
  ) as { id: number; path: string; width: number; height: number }[];
}

/** Photos in which every one of `personIds` appears, newest first (undated last). */
export function photosWithAllPeople(
  db: Database,
  personIds: readonly number[],
): { id: number; takenAt: string | null; fileTime: number; width: number | null; height: number | null }[] {
  const unique = [...new Set(personIds)];
  const marks = unique.map(() => '?').join(',');
  return db
    .prepare(
      `SELECT ph.id, ph.taken_at AS takenAt, ph.mtime AS fileTime, ph.width, ph.height FROM photos ph
       WHERE ph.id IN (SELECT photo_id FROM faces WHERE rejected = 0 AND person_id IN (${marks})
                       GROUP BY photo_id HAVING count(DISTINCT person_id) = ?)
       ORDER BY ph.taken_at IS NULL, ph.taken_at DESC, ph.path`,
    )
    .all(...unique, unique.length) as {
    id: number;
    takenAt: string | null;
    fileTime: number;
    width: number | null;
    height: number | null;
  }[];
}
