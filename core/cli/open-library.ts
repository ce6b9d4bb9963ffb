import type { Database } from 'better-sqlite3';
import { openDatabase, type OpenOptions } from '../db/connection';
import { loadLabeledRoot, type LabeledFace } from '../library/labeled-root';
import type { ScanProgress } from '../library/scan';
import { TerminalProgress } from '../jobs/terminal-progress';
import { LibraryBusyError, withWriterLock } from '../safety/writer-lock';

/**
 * Opens the library for a command, or prints why it cannot (a damaged database names its way out) and sets exit
 * code 1: every command reports an unopenable library the same way, never with a stack trace.
 */
export function openLibraryOrReport(
  file: string,
  setExitCode: (code: number) => void,
  options?: OpenOptions,
): Database | undefined {
  try {
    return openDatabase(file, options);
  } catch (err) {
    console.error(`facet: ${(err as Error).message}`);
    setExitCode(1);
    return undefined;
  }
}

/**
 * Runs a command that writes under the library's single-writer lock (re-entrant, so a scan inside it is fine):
 * while `facet serve`, a scan or another writer holds the library, it is refused with who holds it, exit code 1.
 */
export async function asWriter(
  file: string,
  purpose: string,
  setExitCode: (code: number) => void,
  fn: () => Promise<void> | void,
): Promise<void> {
  try {
    await withWriterLock(file, purpose, fn);
  } catch (err) {
    if (!(err instanceof LibraryBusyError)) throw err;
    console.error(`facet: ${err.message}`);
    setExitCode(1);
  }
}

/** A progress bar on stderr for the analysis phase of a scan (walking and planning are too quick to show). */
export function scanProgressBar(): { onProgress: (p: ScanProgress) => void; end: () => void } {
  const bar = new TerminalProgress('photos');
  return {
    onProgress: (p) => {
      if (p.phase === 'analysing' && p.total > 0)
        bar.update({ done: p.done, total: p.total, rate: p.photosPerSecond, etaSeconds: p.etaSeconds });
    },
    end: () => bar.end(),
  };
}

/** The largest face of each photo under `root/<identity>/`, scanning what is new with a progress bar. */
export async function labeledFacesWithProgress(db: Database, root: string): Promise<LabeledFace[]> {
  const bar = scanProgressBar();
  try {
    return await loadLabeledRoot(db, root, { onProgress: bar.onProgress });
  } finally {
    bar.end();
  }
}
