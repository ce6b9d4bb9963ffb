import fs from 'node:fs';
import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openDatabase } from '../../db/connection';
import { exportLibraryJson } from '../../library/export-json';

/** `facet export --json`: photos, faces (with embeddings) and people as one JSON document on stdout. */
export const registerExport: RegisterCommand = (program, setExitCode) => {
  program
    .command('export')
    .description('write the library (photos, faces with boxes, landmarks and embeddings, people) as JSON to stdout')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--json', 'JSON output (the only format; required so that the format is explicit)')
    .action(async (opts: { db?: string; json?: boolean }) => {
      if (!opts.json) {
        console.error('facet: say --json (the only export format for now)');
        return setExitCode(2);
      }
      const file = resolveDbPath(opts.db);
      if (!fs.existsSync(file)) {
        console.error(`facet: no library at ${file} (run \`facet scan <folder>\` first, or pass --db)`);
        return setExitCode(1);
      }
      try {
        const db = openDatabase(file, { readonly: true });
        try {
          await exportLibraryJson(db, process.stdout);
        } finally {
          db.close();
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') return; // the reader stopped early (`| head`)
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      }
    });
};
