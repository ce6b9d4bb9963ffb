import type { Database } from 'better-sqlite3';
import type { FaceBox, FolderInfo, LibraryStatus, PhotoDetail } from '../contract';

export function folderInfos(db: Database): FolderInfo[] {
  return db
    .prepare(
      `SELECT fo.id, fo.path, fo.added_at AS addedAt,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id) AS photos,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id AND p.status = 'done') AS done,
         (SELECT count(*) FROM photos p WHERE p.folder_id = fo.id AND p.status = 'error') AS errors,
         (SELECT count(*) FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.folder_id = fo.id AND f.rejected = 0)
           AS faces
       FROM folders fo ORDER BY fo.path`,
    )
    .all() as FolderInfo[];
}

export function libraryStatus(db: Database): LibraryStatus {
  const photos = db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(status = 'pending'), 0) AS pending,
         coalesce(sum(status = 'error'), 0) AS errors FROM photos`,
    )
    .get() as { total: number; pending: number; errors: number };
  const faces = db
    .prepare(`SELECT count(*) AS total, coalesce(sum(person_id IS NULL), 0) AS unsorted FROM faces WHERE rejected = 0`)
    .get() as { total: number; unsorted: number };
  const people = db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(name IS NOT NULL), 0) AS named FROM people p
       WHERE EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND f.rejected = 0)`,
    )
    .get() as { total: number; named: number };
  return {
    folders: folderInfos(db),
    photos: photos.total,
    pending: photos.pending,
    errors: photos.errors,
    faces: faces.total,
    unsortedFaces: faces.unsorted,
    people: people.total,
    namedPeople: people.named,
  };
}

export function photoDetail(db: Database, photoId: number): PhotoDetail | undefined {
  const photo = db
    .prepare('SELECT id, path, width, height, taken_at AS takenAt FROM photos WHERE id = ?')
    .get(photoId) as Omit<PhotoDetail, 'faces'> | undefined;
  if (!photo) return undefined;
  const faces = (
    db
      .prepare(
        `SELECT f.id, f.x, f.y, f.w, f.h, f.person_id AS personId, p.name AS personName, f.rejected
         FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.photo_id = ? ORDER BY f.x`,
      )
      .all(photoId) as (Omit<FaceBox, 'rejected'> & { rejected: number })[]
  ).map((f) => ({ ...f, rejected: f.rejected !== 0 }));
  return { ...photo, faces };
}
