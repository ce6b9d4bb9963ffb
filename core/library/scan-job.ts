/** The scan as a generic job (core/jobs): cancel, {done, total} progress, end status, for the CLI and the app. */
import type { Database } from 'better-sqlite3';
import { startJob, type Job } from '../jobs/job';
import { scanFolders, type ScanOptions, type ScanProgress, type ScanSummary } from './scan';

export function startScanJob(
  db: Database,
  folders: string[],
  opts: Omit<ScanOptions, 'signal'> = {},
): Job<ScanSummary> {
  return startJob('scan', (ctx) =>
    scanFolders(db, folders, {
      ...opts,
      signal: ctx.signal,
      onProgress: (p: ScanProgress) => {
        ctx.report({ done: p.done, total: p.total, message: scanMessage(p) });
        opts.onProgress?.(p);
      },
    }),
  );
}

export function scanMessage(p: ScanProgress): string {
  if (p.phase === 'walking') return `looking for photos in ${p.currentPath ?? ''}`;
  if (p.phase === 'finishing') return 'removing photos that are gone, updating people';
  return `${p.facesFound} faces found${p.errors ? `, ${p.errors} files with errors` : ''}`;
}
