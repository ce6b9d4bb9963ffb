/**
 * `facet label --from-folders <root>`: labels the largest face of each photo under <root>/<name>/ as person
 * <name>, as a user would by hand (user labels, one undo step per person), creating and naming people.
 */
import path from 'node:path';
import { labelFromFolders } from '../../people/label-from-folders';
import { resolveDbPath } from '../../api/db-path';
import type { RegisterCommand } from './index';
import { asWriter, labeledFacesWithProgress, openLibraryOrReport } from '../open-library';

export const registerLabel: RegisterCommand = (program, setExitCode) => {
  program
    .command('label')
    .description('label faces as people from a folder tree: <root>/<name>/* (largest face of each photo)')
    .requiredOption('--from-folders <root>', 'folder with one sub-folder of photos per person')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--json', 'print JSON')
    .action(async (opts: { fromFolders: string; db?: string; json?: boolean }) => {
      const file = resolveDbPath(opts.db);
      await asWriter(file, 'label --from-folders', setExitCode, async () => {
        const db = openLibraryOrReport(file, setExitCode);
        if (!db) return;
        try {
          const faces = await labeledFacesWithProgress(db, path.resolve(opts.fromFolders));
          const res = labelFromFolders(db, faces);
          if (opts.json) console.log(JSON.stringify(res));
          else
            console.log(
              `labelled ${res.labelled} faces as ${res.people} people (${res.created} new, ${res.unchanged} already labelled)`,
            );
        } catch (err) {
          console.error(`facet: ${(err as Error).message}`);
          setExitCode(1);
        } finally {
          db.close();
        }
      });
    });
};
