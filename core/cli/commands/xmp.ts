import type { RegisterCommand } from './index';
import { resolveDbPath } from '../db-path';
import { openDatabase } from '../../db/connection';
import { readXmpLabels, writeXmpLabels, type XmpProblem } from '../../labels/xmp/xmp-labels';
import { backupBefore } from '../../safety/backup';
import { withWriterLock } from '../../safety/writer-lock';

function showProblems(problems: readonly XmpProblem[]): void {
  for (const p of problems.slice(0, 20)) console.error(`  ${p.path}: ${p.error}`);
  if (problems.length > 20) console.error(`  ... and ${problems.length - 20} more`);
}

/** `facet xmp read|write`: MWG face regions in XMP sidecars. */
export const registerXmp: RegisterCommand = (program, setExitCode) => {
  const xmp = program.command('xmp').description('face names in XMP (the regions digiKam, Lightroom and others use)');
  const fail = (err: unknown) => {
    console.error(`facet: ${(err as Error).message ?? String(err)}`);
    setExitCode(1);
  };

  xmp
    .command('read')
    .description("take named face regions from the photos' XMP (sidecars, else embedded) as your labels")
    .option('--db <file>', 'library database')
    .action(async (opts: { db?: string }) => {
      const dbFile = resolveDbPath(opts.db);
      try {
        const r = await withWriterLock(dbFile, 'xmp read', () => {
          const db = openDatabase(dbFile);
          try {
            backupBefore(db, 'xmp-read');
            return readXmpLabels(db);
          } finally {
            db.close();
          }
        });
        console.log(
          `${r.photosWithRegions} photos had named face regions: ${r.facesLabelled} faces labelled, ` +
            `${r.peopleCreated} people created, ${r.facesUnmatched} regions matched no detected face` +
            (r.conflicts ? `, ${r.conflicts} faces you had labelled otherwise were left as they are` : ''),
        );
        if (r.problems.length) {
          console.error(`${r.problems.length} XMP files could not be read:`);
          showProblems(r.problems);
        }
      } catch (err) {
        fail(err);
      }
    });

  xmp
    .command('write')
    .description('write the faces you named to XMP sidecars (IMG.jpg.xmp); photos themselves are never changed')
    .option('--db <file>', 'library database')
    .option('--person <name>', 'only this person')
    .action((opts: { db?: string; person?: string }) => {
      try {
        const db = openDatabase(resolveDbPath(opts.db), { readonly: true });
        const r = writeXmpLabels(db, opts.person);
        db.close();
        console.log(`wrote ${r.facesWritten} named faces to ${r.sidecarsWritten} sidecars`);
        if (r.problems.length) {
          console.error(`${r.problems.length} sidecars could not be written:`);
          showProblems(r.problems);
          setExitCode(1);
        }
      } catch (err) {
        fail(err);
      }
    });
};
