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
        ctx.report({ done: p.done, total: p.total });
        opts.onProgress?.(p);
      },
    }),
  );
}
