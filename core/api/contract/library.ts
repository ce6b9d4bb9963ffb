import { z } from 'zod';
import { noArgs, page, rowId } from './common';

export interface FolderInfo {
  readonly id: number;
  readonly path: string;
  readonly addedAt: number;
  readonly photos: number;
  readonly done: number;
  readonly pending: number;
  readonly errors: number;
  /** Faces found in the folder's photos, rejected ones ("not a face") left out. */
  readonly faces: number;
}

export interface LibraryStatus {
  readonly folders: FolderInfo[];
  readonly photos: number;
  readonly pending: number;
  readonly done: number;
  readonly errors: number;
  /** Errors by kind: unsupported, corrupt, truncated, empty, not-an-image, too-large, unreadable, ... */
  readonly errorsByKind: Record<string, number>;
  /** Faces not rejected ("not a face"); the counts below are of these. */
  readonly faces: number;
  readonly unsortedFaces: number;
  readonly facesAssigned: number;
  readonly facesLabelledByUser: number;
  readonly rejectedFaces: number;
  /** People with at least one face (an emptied person is not counted). */
  readonly people: number;
  readonly namedPeople: number;
}

export interface PhotoError {
  readonly photoId: number;
  readonly path: string;
  readonly error: string;
}

/** A photo gone from disk, kept because it holds the user's labels (a scan never drops a label silently). */
export interface MissingPhoto {
  readonly id: number;
  readonly path: string;
  /** Names the user gave to faces of this photo. */
  readonly names: string[];
  /** Faces the user rejected or marked "not this person". */
  readonly otherMarks: number;
  readonly missingSince: number | null;
}

export interface RuntimeStatus {
  /** Null until the face analyzer has been started (it loads on the first scan). */
  readonly name: string | null;
  readonly gpu: boolean;
  readonly reason: string;
}

export const libraryOps = {
  'library.status': noArgs,
  'library.addFolder': z.strictObject({
    path: z.string().min(1).max(4096),
    /** Start scanning right away (the default). */
    scan: z.boolean().default(true),
  }),
  'library.removeFolder': z.strictObject({ folderId: rowId }),
  'library.scan': z.strictObject({ folderIds: z.array(rowId).max(10_000).optional() }),
  'library.errors': z.strictObject({ folderId: rowId.optional(), ...page }),
  'library.missing': noArgs,
  'library.forgetMissing': z.strictObject({ photoIds: z.array(rowId).min(1).max(1_000_000) }),
  'runtime.info': noArgs,
};

export interface LibraryResults {
  'library.status': LibraryStatus;
  'library.addFolder': { folderId: number; jobId: string | null };
  'library.removeFolder': { removed: boolean };
  'library.scan': { jobId: string };
  'library.errors': { total: number; items: PhotoError[] };
  'library.missing': { items: MissingPhoto[] };
  'library.forgetMissing': { forgotten: number };
  'runtime.info': RuntimeStatus;
}
