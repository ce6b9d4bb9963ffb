import { z } from 'zod';
import { noArgs, page, rowId } from './common';

export interface FolderInfo {
  readonly id: number;
  readonly path: string;
  readonly addedAt: number;
  readonly photos: number;
  readonly done: number;
  readonly errors: number;
  readonly faces: number;
}

export interface LibraryStatus {
  readonly folders: FolderInfo[];
  readonly photos: number;
  readonly pending: number;
  readonly errors: number;
  readonly faces: number;
  readonly people: number;
  readonly namedPeople: number;
  readonly unsortedFaces: number;
}

export interface PhotoError {
  readonly photoId: number;
  readonly path: string;
  readonly error: string;
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
  'runtime.info': noArgs,
};

export interface LibraryResults {
  'library.status': LibraryStatus;
  'library.addFolder': { folderId: number; jobId: string | null };
  'library.removeFolder': { removed: boolean };
  'library.scan': { jobId: string };
  'library.errors': { total: number; items: PhotoError[] };
  'runtime.info': RuntimeStatus;
}
