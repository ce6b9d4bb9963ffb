/**
 * What `facet status` and the UI's Library view show: folders with their counts, photos by state, errors by
 * kind, faces, people, and which inference runtime ran last and why.
 */
import type { Database } from 'better-sqlite3';
import { countFaces, countFacesOfFolder } from '../db/faces-repo';
import { listFolders } from '../db/folders-repo';
import { countPhotos, errorCategories } from '../db/photos-repo';
import type { RuntimeInfo } from '../vision/types';
import { loadRuntimeInfo } from './runtime-setting';

export interface LibraryStatusReport {
  readonly folders: {
    id: number;
    path: string;
    addedAt: number;
    photos: number;
    done: number;
    pending: number;
    errors: number;
    faces: number;
  }[];
  readonly photos: number;
  readonly pending: number;
  readonly done: number;
  readonly errors: number;
  /** Errors by kind: unsupported, corrupt, truncated, empty, not-an-image, too-large, unreadable, ... */
  readonly errorsByKind: Record<string, number>;
  readonly faces: number;
  readonly facesAssigned: number;
  readonly facesLabelledByUser: number;
  readonly people: number;
  readonly namedPeople: number;
  /** The runtime of the last scan that ran inference; null before the first. */
  readonly runtime: (RuntimeInfo & { at: number }) | null;
}

export function libraryStatus(db: Database): LibraryStatusReport {
  const folders = listFolders(db).map((f) => {
    const c = countPhotos(db, f.id);
    return {
      id: f.id,
      path: f.path,
      addedAt: f.addedAt,
      photos: c.total,
      done: c.done,
      pending: c.pending,
      errors: c.errors,
      faces: countFacesOfFolder(db, f.id),
    };
  });
  const photos = countPhotos(db);
  const faces = countFaces(db);
  const people = db
    .prepare('SELECT count(*) AS people, coalesce(sum(name IS NOT NULL), 0) AS named FROM people')
    .get() as { people: number; named: number };
  return {
    folders,
    photos: photos.total,
    pending: photos.pending,
    done: photos.done,
    errors: photos.errors,
    errorsByKind: Object.fromEntries(errorCategories(db).map((e) => [e.category, e.count])),
    faces: faces.total,
    facesAssigned: faces.assigned,
    facesLabelledByUser: faces.userLabelled,
    people: people.people,
    namedPeople: people.named,
    runtime: loadRuntimeInfo(db),
  };
}
