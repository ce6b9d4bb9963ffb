import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openLibraryOrReport } from '../open-library';
import { missingPhotos } from '../../db/photos-repo';
import { forgetMissingPhotos } from '../../library/forget-missing';
import { withWriterLock } from '../../safety/writer-lock';
import { describeLabels } from './scan';

/**
 * `facet missing [--forget]`: photos gone from disk that are kept because they hold your labels (a scan never
 * drops a label silently). Listing reads only; --forget removes them, and their labels, after a backup.
 */
export const registerMissing: RegisterCommand = (program, setExitCode) => {
  program
    .command('missing')
    .description('list photos gone from disk that still hold your labels; --forget removes them and those labels')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--forget', 'remove these photos and their labels from the library (a backup is taken first)')
    .option('--json', 'JSON output')
    .action(async (opts: { db?: string; forget?: boolean; json?: boolean }) => {
      const file = resolveDbPath(opts.db);
      try {
        const list = await (opts.forget
          ? withWriterLock(file, 'forget missing photos', () => {
              const db = openLibraryOrReport(file, setExitCode);
              if (!db) return null;
              try {
                return forgetMissingPhotos(db);
              } finally {
                db.close();
              }
            })
          : (() => {
              const db = openLibraryOrReport(file, setExitCode, { readonly: true });
              if (!db) return null;
              try {
                return missingPhotos(db);
              } finally {
                db.close();
              }
            })());
        if (!list) return;
        if (opts.json) return console.log(JSON.stringify({ forgotten: !!opts.forget, photos: list }));
        if (!list.length) return console.log('no photo with your labels is missing from disk');
        for (const m of list) console.log(`${m.path}: ${describeLabels(m)}`);
        console.log(
          opts.forget
            ? `${list.length} missing photo(s) removed with these labels (a backup was taken first)`
            : `${list.length} photo(s) missing from disk, kept for these labels; \`facet missing --forget\` removes them`,
        );
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      }
    });
};
