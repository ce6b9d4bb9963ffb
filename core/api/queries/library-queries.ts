import type { Database } from 'better-sqlite3';
import { countFaces, facesOfPhotoWithNames } from '../../db/faces-repo';
import { listFolderCounts } from '../../db/folders-repo';
import { countPhotos, errorCategories, photoHeader } from '../../db/photos-repo';
import { countPeople } from '../../people/people-repo';
import type { LibraryStatus, PhotoDetail } from '../contract';

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
  const photo = photoHeader(db, photoId);
  return photo && { ...photo, faces: facesOfPhotoWithNames(db, photoId) };
}
