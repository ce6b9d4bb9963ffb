import fs from 'node:fs';
import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openDatabase } from '../../db/connection';
import { exportLabels } from '../../labels/export-labels';
import { importLabels } from '../../labels/import-labels';
import { parseLabelsFile } from '../../labels/labels-format';
import { backupBefore } from '../../safety/backup';
import { withWriterLock } from '../../safety/writer-lock';
import { writeStdout } from '../stdout';

/** `facet labels export|import`: the user's labels as a portable JSON file. */
export const registerLabels: RegisterCommand = (program, setExitCode) => {
  const labels = program.command('labels').description('export or import your labels (names, rejections) as JSON');
  const fail = (err: unknown) => {
    console.error(`facet: ${(err as Error).message ?? String(err)}`);
    setExitCode(1);
  };

  labels
    .command('export')
    .description('write every label you gave to a JSON file (photos identified by content hash and path)')
    .option('--db <file>', 'library database')
    .option('-o, --output <file>', 'output file (default: standard output)')
    .action(async (opts: { db?: string; output?: string }) => {
      try {
        const db = openDatabase(resolveDbPath(opts.db), { readonly: true });
        const doc = exportLabels(db);
        db.close();
        const text = JSON.stringify(doc, null, 1) + '\n';
        if (!opts.output) return await writeStdout(text);
        const tmp = opts.output + '.partial';
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, opts.output);
        const faces = doc.photos.reduce((n, p) => n + p.faces.length, 0);
        console.log(
          `wrote ${faces} labelled faces of ${doc.photos.length} photos, ${doc.people.length} people, to ${opts.output}`,
        );
      } catch (err) {
        fail(err);
      }
    });

  labels
    .command('import')
    .description('apply a labels file to this library as your labels (existing labels of yours are kept)')
    .argument('<file>', 'labels JSON written by `facet labels export`')
    .option('--db <file>', 'library database')
    .action(async (file: string, opts: { db?: string }) => {
      try {
        const doc = parseLabelsFile(fs.readFileSync(file, 'utf8'), file);
        const dbFile = resolveDbPath(opts.db);
        const r = await withWriterLock(dbFile, 'labels import', () => {
          const db = openDatabase(dbFile);
          try {
            backupBefore(db, 'labels-import');
            return importLabels(db, doc);
          } finally {
            db.close();
          }
        });
        console.log(
          `${r.facesLabelled} faces labelled, ${r.facesRejected} rejected, ${r.notPersonMarks} "not this person" marks, ` +
            `${r.peopleCreated} people created; ${r.photosMatched} photos found, ${r.photosMissing} not in the library` +
            (r.facesUnmatched ? `; ${r.facesUnmatched} labelled faces had no detected face to land on` : '') +
            (r.conflicts ? `; ${r.conflicts} faces you had labelled otherwise were left as they are` : ''),
        );
        if (r.photosMissing) console.log('scan the missing photos, then import again to apply the rest');
      } catch (err) {
        fail(err);
      }
    });
};
