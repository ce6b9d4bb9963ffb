import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openDatabase } from '../../db/connection';
import { backupNow, DEFAULT_BACKUP_KEEP, listBackups } from '../../safety/backup';
import { latestGoodBackup, restoreBackup } from '../../db/restore';
import { withWriterLock } from '../../safety/writer-lock';

function fail(setExitCode: (code: number) => void, err: unknown): void {
  console.error(`facet: ${(err as Error).message ?? String(err)}`);
  setExitCode(1);
}

/** `facet backup` and `facet restore`. */
export const registerBackup: RegisterCommand = (program, setExitCode) => {
  program
    .command('backup')
    .description('copy the library database (labels included) to <dbdir>/backups/, keeping the newest ones')
    .option('--db <file>', 'library database')
    .option('--list', 'list the backups instead of taking one')
    .option('--keep <n>', 'how many backups to keep', String(DEFAULT_BACKUP_KEEP))
    .action(async (opts: { db?: string; list?: boolean; keep: string }) => {
      const file = resolveDbPath(opts.db);
      if (opts.list) {
        const all = listBackups(file);
        if (!all.length) console.log(`no backups of ${file} yet`);
        for (const b of all)
          console.log(
            `${b.createdAt.toISOString()}  ${b.reason.padEnd(28)} ${(b.size / 1024).toFixed(0)} KiB  ${b.file}`,
          );
        return;
      }
      const keep = Number(opts.keep);
      if (!Number.isInteger(keep) || keep < 1)
        return fail(setExitCode, new Error(`--keep must be a whole number >= 1`));
      try {
        // a backup checkpoints the WAL and prunes old copies: a write, so it waits its turn like every writer
        await withWriterLock(file, 'backup', async () => {
          const db = openDatabase(file);
          try {
            console.log(`backed up to ${await backupNow(db, 'manual', keep)}`);
          } finally {
            db.close();
          }
        });
      } catch (err) {
        fail(setExitCode, err);
      }
    });

  program
    .command('restore')
    .description('replace the library database with a backup (the current one is kept in the backups folder)')
    .argument('[file]', 'backup file to restore')
    .option('--db <file>', 'library database')
    .option('--latest', 'restore the newest good backup')
    .action((backup: string | undefined, opts: { db?: string; latest?: boolean }) => {
      const file = resolveDbPath(opts.db);
      try {
        const chosen = opts.latest ? latestGoodBackup(file) : backup;
        if (!chosen)
          throw new Error(
            opts.latest
              ? `no good backup of ${file} found`
              : 'name a backup file, or use --latest (see `facet backup --list`)',
          );
        const r = restoreBackup(file, chosen);
        console.log(`restored ${file} from ${r.restoredFrom}`);
        if (r.previousKeptAt) console.log(`the library as it was is kept at ${r.previousKeptAt}`);
      } catch (err) {
        fail(setExitCode, err);
      }
    });
};
