import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { TerminalProgress } from '../../jobs/terminal-progress';
import { startScanJob } from '../../library/scan-job';
import type { ScanSummary } from '../../library/scan';
import type { PhotoLabels } from '../../db/photos-repo';
import { openLibraryOrReport } from '../open-library';
import { analyzeOptionsProblem, DEFAULT_MIN_FACE_SIZE, DEFAULT_MIN_SCORE } from '../../vision/analyze-options';

/** What removing a photo would drop, in words: "Ada, Bob; 1 rejected or 'not this person' mark". */
export function describeLabels(m: PhotoLabels): string {
  const parts = [];
  if (m.names.length) parts.push(m.names.join(', '));
  if (m.otherMarks) parts.push(`${m.otherMarks} rejected or "not this person" mark(s)`);
  return parts.join('; ');
}

function printSummary(s: ScanSummary): void {
  const lines = [
    `${s.photosSeen} photos in ${s.folders.length} folder(s): ${s.analysed} analysed, ${s.unchanged} unchanged, ` +
      `${s.moved} moved, ${s.removed} removed; ${s.facesFound} faces found in ${s.seconds.toFixed(1)} s`,
  ];
  if (s.missing.length) {
    lines.push(
      `${s.missing.length} photo(s) are gone from disk but hold your labels; they are kept until you say ` +
        '(`facet missing --forget` removes them, and these labels with them):',
    );
    for (const m of s.missing) lines.push(`  missing: ${m.path} (${describeLabels(m)})`);
  }
  if (s.errors) lines.push(`${s.errors} files could not be read (see \`facet status --errors\`)`);
  if (s.unsupported) lines.push(`${s.unsupported} files are in formats this build cannot decode (HEIC, RAW...)`);
  for (const f of s.folders)
    for (const u of f.unreadable) lines.push(`folder skipped: ${u.path} (${u.reason}); its photos were kept`);
  if (s.runtime) lines.push(`runtime: ${s.runtime.name}${s.runtime.gpu ? ' (GPU)' : ''}`);
  if (s.cancelled) lines.push('scan cancelled: what was done is saved; run the same command again to resume');
  for (const l of lines) console.error(l);
}

/** `facet scan <folder>...`: add folders and find, align and describe every face in them. */
export const registerScan: RegisterCommand = (program, setExitCode) => {
  program
    .command('scan')
    .description('add folders to the library and find every face in them (incremental: only new or changed photos)')
    .argument('<folders...>', 'folders of photos')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--min-score <n>', 'detector score below which a face is dropped, in [0, 1)', String(DEFAULT_MIN_SCORE))
    .option(
      '--min-face-size <px>',
      'faces smaller than this (short side, analysed pixels) are dropped',
      String(DEFAULT_MIN_FACE_SIZE),
    )
    .action(async (folders: string[], opts: { db?: string; minScore: string; minFaceSize: string }) => {
      const minScore = Number(opts.minScore);
      const minFaceSize = Number(opts.minFaceSize);
      // The analyser's own rule, in its words with the flag's name (--min-score 1 used to fail every photo).
      const problem = analyzeOptionsProblem({ minScore, minFaceSize });
      if (problem) {
        console.error(`facet: ${problem.replace('minScore', '--min-score').replace('minFaceSize', '--min-face-size')}`);
        return setExitCode(2);
      }
      const db = openLibraryOrReport(resolveDbPath(opts.db), setExitCode);
      if (!db) return;
      const bar = new TerminalProgress('photos');
      const job = startScanJob(db, folders, {
        analyzeOptions: { minScore, minFaceSize },
        onProgress: (p) => {
          if (p.phase === 'walking' && p.currentPath) console.error(`looking for photos in ${p.currentPath}`);
          if (p.phase === 'analysing' && p.total > 0)
            bar.update({
              done: p.done,
              total: p.total,
              detail: `${p.facesFound} faces${p.errors ? `, ${p.errors} errors` : ''}`,
              rate: p.photosPerSecond,
              etaSeconds: p.etaSeconds,
            });
        },
      });
      let interrupted = 0;
      const onSigint = () => {
        if (++interrupted > 1) process.exit(130);
        console.error('\nstopping after the photos in flight (Ctrl+C again to quit now)...');
        job.cancel();
      };
      // Ctrl+C, or a service manager / parent asking politely: stop after the photos in flight.
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        const outcome = await job.finished;
        bar.end();
        if (outcome.status === 'failed') {
          console.error(`facet: ${outcome.error.message}`);
          return setExitCode(1);
        }
        if (outcome.result) printSummary(outcome.result);
        if (outcome.status === 'cancelled') setExitCode(130);
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        db.close();
      }
    });
};
