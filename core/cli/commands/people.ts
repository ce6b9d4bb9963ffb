/**
 * `facet people` (list people), `facet cluster` (assign and cluster now; --force rebuilds the machine's
 * guesses), `facet undo` / `facet redo` (the people undo stack).
 */
import { openDatabase, type Database, type OpenOptions } from '../../db/connection';
import { ALGORITHMS, type ClusterAlgorithm } from '../../people/cluster/index';
import { clusterThreshold } from '../../people/cluster-threshold';
import { redo, undo } from '../../people/operations';
import { updatePeople } from '../../people/update-people';
import { resolveDbPath } from '../../api/db-path';
import { apiSession } from '../api-session';
import { asWriter } from '../open-library';
import type { RegisterCommand } from './index';
import { matchThresholdSchema } from '../../space/thresholds';

async function withDb(
  file: string | undefined,
  setExitCode: (c: number) => void,
  fn: (db: Database) => void | Promise<void>,
  options?: OpenOptions,
): Promise<void> {
  try {
    const db = openDatabase(resolveDbPath(file), options);
    try {
      await fn(db);
    } finally {
      db.close();
    }
  } catch (err) {
    console.error(`facet: ${(err as Error).message}`);
    setExitCode(1);
  }
}

/**
 * `facet people --json`'s shape (a contract): the app's people list (people with at least one face, named first)
 * and its Unsorted and rejected counts, from the same API queries the app calls.
 */
async function peopleOverview(db: Database, includeHidden: boolean) {
  const api = apiSession(db);
  const people = await api.call('people.list', { includeHidden });
  const status = await api.call('library.status', {});
  return {
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      hidden: p.hidden,
      coverFaceId: p.coverFaceId,
      faces: p.faceCount,
      userFaces: p.userFaceCount,
    })),
    unsorted: status.unsortedFaces,
    rejected: status.rejectedFaces,
  };
}

export const registerPeople: RegisterCommand = (program, setExitCode) => {
  program
    .command('people')
    .description('list people with their face counts (named first), and how many faces wait in Unsorted')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--json', 'print JSON')
    .option('--all', 'include hidden people')
    .action((opts: { db?: string; json?: boolean; all?: boolean }) =>
      withDb(
        opts.db,
        setExitCode,
        async (db) => {
          const o = await peopleOverview(db, opts.all ?? false);
          if (opts.json) return console.log(JSON.stringify(o, null, 2));
          for (const p of o.people)
            console.log(
              `${String(p.id).padStart(6)}  ${(p.name ?? '(unnamed)').padEnd(28)} ${String(p.faces).padStart(6)} faces` +
                `${p.userFaces ? `, ${p.userFaces} labelled by you` : ''}${p.hidden ? ' [hidden]' : ''}`,
            );
          console.log(`${o.people.length} people; ${o.unsorted} faces in Unsorted; ${o.rejected} rejected`);
        },
        { readonly: true },
      ),
    );

  program
    .command('cluster')
    .description('assign new faces to people and cluster Unsorted faces now (scans do this themselves)')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--force', "rebuild every machine guess from scratch (your labels, names and 'not this person' marks stay)")
    .option('--algorithm <name>', `clustering algorithm: ${ALGORITHMS.join(', ')}`)
    .option('--threshold <d>', 'clustering distance threshold (default: derived from the match threshold)')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; force?: boolean; algorithm?: string; threshold?: string; json?: boolean }) => {
      if (opts.algorithm && !ALGORITHMS.includes(opts.algorithm as ClusterAlgorithm)) {
        console.error(`facet: --algorithm must be one of ${ALGORITHMS.join(', ')}`);
        return setExitCode(2);
      }
      const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
      if (threshold !== undefined && !matchThresholdSchema.safeParse(threshold).success) {
        console.error('facet: --threshold must be a distance in (0, 2]');
        return setExitCode(2);
      }
      await asWriter(resolveDbPath(opts.db), 'cluster', setExitCode, () =>
        withDb(opts.db, setExitCode, (db) => {
          const t = threshold ?? clusterThreshold(db);
          const res = updatePeople(db, {
            force: opts.force,
            algorithm: opts.algorithm as ClusterAlgorithm,
            threshold: t,
          });
          if (opts.json) return console.log(JSON.stringify({ threshold: t, ...res }));
          console.log(
            `${res.assigned} faces joined existing people; ${res.clustered} faces formed ${res.newPeople} new people ` +
              `(threshold ${t.toFixed(3)})`,
          );
        }),
      );
    });

  for (const [name, fn, none] of [
    ['undo', undo, 'nothing to undo'],
    ['redo', redo, 'nothing to redo'],
  ] as const) {
    program
      .command(name)
      .description(`${name} the last change you made to people`)
      .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
      .action((opts: { db?: string }) =>
        asWriter(resolveDbPath(opts.db), name, setExitCode, () =>
          withDb(opts.db, setExitCode, (db) => {
            const label = fn(db);
            console.log(label ? `${name}: ${label}` : none);
          }),
        ),
      );
  }
};
