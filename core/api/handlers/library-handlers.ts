import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addFolder, listFolders } from '../../db/folders-repo';
import { listPhotoErrors, missingPhotos } from '../../db/photos-repo';
import { forgetMissingPhotos } from '../../library/forget-missing';
import { loadRuntimeInfo } from '../../library/runtime-setting';
import type { ApiContext } from '../api-context';
import { ApiFailure } from '../contract';
import { engine } from '../engine';
import type { HandlersFor } from '../handler';
import { libraryStatus } from '../queries/library-queries';
import { removeFolder } from '../../db/folders-repo';
import { throttle } from '../throttle';

/** Starts a scan job over `folders` (absolute paths already in the library). */
export function startScan(ctx: ApiContext, folders: string[]): string {
  const label = folders.length === 1 ? `Scanning ${path.basename(folders[0])}` : `Scanning ${folders.length} folders`;
  const job = ctx.jobs.start('scan', label, async (job) => {
    job.progress(0, 0, 'loading the face models');
    const analyzer = await ctx.analyzer();
    // People appear while the scan runs (the scanner clusters after each batch): tell the views, gently.
    const changed = throttle(() => ctx.events.changed('photos', 'faces', 'people', 'folders'), 1000);
    try {
      await engine.scanFolders(ctx.db, folders, {
        analyzer,
        signal: job.signal,
        onProgress: (p) => {
          job.progress(p.done, p.total, p.currentPath ? path.basename(p.currentPath) : undefined, {
            rate: p.photosPerSecond,
            etaSeconds: p.etaSeconds,
          });
          changed();
        },
      });
    } finally {
      changed.flush();
    }
    const s = libraryStatus(ctx.db);
    const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
    return `${n(s.photos - s.errors, 'photo')}, ${n(s.faces, 'face')}, ${n(s.errors, 'file')} with errors`;
  });
  return job.id;
}

export const libraryHandlers: HandlersFor<
  | 'library.status'
  | 'library.addFolder'
  | 'library.removeFolder'
  | 'library.scan'
  | 'library.errors'
  | 'library.missing'
  | 'library.forgetMissing'
  | 'runtime.info'
> = {
  'library.status': (_args, ctx) => libraryStatus(ctx.db),
  'library.addFolder': ({ path: typed, scan }, ctx) => {
    // "~" and "~/Pictures" as a shell reads them: people type paths as they would in a terminal
    const given = typed === '~' || typed.startsWith('~/') ? path.join(os.homedir(), typed.slice(1)) : typed;
    if (!path.isAbsolute(given)) throw new ApiFailure('invalid_args', 'give the folder as an absolute path');
    let real: string;
    try {
      real = fs.realpathSync(given);
      if (!fs.statSync(real).isDirectory()) throw new ApiFailure('invalid_args', `${given} is not a folder`);
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure('not_found', `cannot open folder ${given}`);
    }
    // A folder inside one already in the library is scanned with it: a second row would count its photos twice.
    const outer = listFolders(ctx.db).find(
      (f) => real !== f.path && real.startsWith(f.path.endsWith(path.sep) ? f.path : f.path + path.sep),
    );
    if (outer) throw new ApiFailure('conflict', `${given} is already in the library, inside ${outer.path}`);
    const folder = addFolder(ctx.db, real);
    ctx.events.changed('folders');
    return { folderId: folder.id, jobId: scan ? startScan(ctx, [folder.path]) : null };
  },
  'library.removeFolder': ({ folderId }, ctx) => {
    const removed = removeFolder(ctx.db, folderId);
    if (removed) ctx.events.changed('folders', 'photos', 'faces', 'people');
    return { removed };
  },
  'library.scan': ({ folderIds }, ctx) => {
    const all = listFolders(ctx.db);
    const chosen = folderIds ? all.filter((f) => folderIds.includes(f.id)) : all;
    if (folderIds && chosen.length !== new Set(folderIds).size)
      throw new ApiFailure('not_found', 'some of those folders are not in the library');
    if (!chosen.length) throw new ApiFailure('conflict', 'there are no folders to scan: add one first');
    return {
      jobId: startScan(
        ctx,
        chosen.map((f) => f.path),
      ),
    };
  },
  'library.errors': ({ folderId, offset, limit }, ctx) => listPhotoErrors(ctx.db, { folderId, offset, limit }),
  'library.missing': (_args, ctx) => ({ items: missingPhotos(ctx.db) }),
  'library.forgetMissing': ({ photoIds }, ctx) => {
    const gone = forgetMissingPhotos(ctx.db, photoIds);
    if (gone.length) ctx.events.changed('photos', 'faces', 'people', 'folders');
    return { forgotten: gone.length };
  },
  'runtime.info': (_args, ctx) => {
    // The loaded analyzer, else the runtime the last scan used (the models load again on the next scan).
    const rt = ctx.loadedAnalyzer()?.runtime ?? loadRuntimeInfo(ctx.db);
    return rt
      ? { name: rt.name, gpu: rt.gpu, reason: rt.reason }
      : { name: null, gpu: false, reason: 'the face models load on the first scan' };
  },
};
