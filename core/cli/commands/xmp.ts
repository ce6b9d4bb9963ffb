import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openDatabase } from '../../db/connection';
import {
  readXmpLabels,
  writeXmpLabels,
  type UnmatchedReason,
  type UnmatchedRegion,
  type XmpProblem,
} from '../../labels/xmp/xmp-labels';
import { backupBefore } from '../../safety/backup';
import { withWriterLock } from '../../safety/writer-lock';

function showProblems(problems: readonly XmpProblem[]): void {
  for (const p of problems.slice(0, 20)) console.error(`  ${p.path}: ${p.error}`);
  if (problems.length > 20) console.error(`  ... and ${problems.length - 20} more`);
}

function why(r: UnmatchedReason): string {
  if (r.kind === 'no face found') return 'no face was found there in the photo';
  if (r.kind === 'too far')
    return `the nearest detected face is too far from the region (overlap ${r.bestIou}, 0.5 needed)`;
  return r.detail === 'no unit or dimensions'
    ? 'the region has no unit, or pixel units without the image dimensions'
    : r.detail === 'no area'
      ? 'the region has no area'
      : 'the region is larger than the image';
}

function showUnmatched(list: readonly UnmatchedRegion[]): void {
  let photo = '';
  for (const u of list.slice(0, 50)) {
    if (u.photo !== photo) console.log(`  ${(photo = u.photo)}:`);
    console.log(`    "${u.name}": ${why(u.reason)}`);
  }
  if (list.length > 50) console.log(`  ... and ${list.length - 50} more (--json lists them all)`);
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
    .option('--json', 'print the report as JSON (counts, every unmatched region and why, unreadable files)')
    .action(async (opts: { db?: string; json?: boolean }) => {
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
        if (opts.json) console.log(JSON.stringify(r, null, 2));
        else {
          console.log(
            `${r.photosWithRegions} photos had named face regions: ${r.facesLabelled} faces labelled, ` +
              `${r.peopleCreated} people created, ${r.unmatched.length} named regions matched no detected face` +
              (r.conflicts ? `, ${r.conflicts} faces you had labelled otherwise were left as they are` : ''),
          );
          showUnmatched(r.unmatched);
          if (r.problems.length) {
            console.error(`${r.problems.length} XMP files could not be read:`);
            showProblems(r.problems);
          }
        }
        if (r.problems.length) setExitCode(1);
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
