import type { Database } from 'better-sqlite3';
import { countFaces } from '../../db/faces-repo';
import { listFolderCounts } from '../../db/folders-repo';
import { countPhotos, errorCategories } from '../../db/photos-repo';
import { countPeople } from '../../people/people-repo';
import type { FaceBox, LibraryStatus, PhotoDetail } from '../contract';

/**
 * The one read model of the library's figures: the app's Library header and `facet status` both show this, so
 * they cannot disagree (rejected faces and emptied people are left out of both).
 */
export function libraryStatus(db: Database): LibraryStatus {
  const photos = countPhotos(db);
  const faces = countFaces(db);
  const people = countPeople(db);
  return {
    folders: listFolderCounts(db),
    photos: photos.total,
    pending: photos.pending,
    done: photos.done,
    errors: photos.errors,
    errorsByKind: Object.fromEntries(errorCategories(db).map((e) => [e.category, e.count])),
    faces: faces.total,
    unsortedFaces: faces.unsorted,
    facesAssigned: faces.assigned,
    facesLabelledByUser: faces.userLabelled,
    rejectedFaces: faces.rejected,
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
