import type { RegisterCommand } from './index';
import { resolveDbPath } from '../../api/db-path';
import { openDatabase } from '../../db/connection';
import { listPhotoErrors } from '../../db/photos-repo';
import type { LibraryStatus } from '../../api/contract';
import { loadRuntimeInfo } from '../../library/runtime-setting';
import { apiSession } from '../api-session';

/**
 * `facet status --json`'s shape (a contract: keys are only ever added): the app's `library.status` figures, plus
 * the runtime of the last scan with when it ran.
 */
function statusReport(s: LibraryStatus, runtime: ReturnType<typeof loadRuntimeInfo>) {
  return {
    folders: s.folders.map((f) => ({
      id: f.id,
      path: f.path,
      addedAt: f.addedAt,
      photos: f.photos,
      done: f.done,
      pending: f.pending,
      errors: f.errors,
      faces: f.faces,
    })),
    photos: s.photos,
    pending: s.pending,
    done: s.done,
    errors: s.errors,
    errorsByKind: s.errorsByKind,
    faces: s.faces,
    facesAssigned: s.facesAssigned,
    facesLabelledByUser: s.facesLabelledByUser,
    people: s.people,
    namedPeople: s.namedPeople,
    unsortedFaces: s.unsortedFaces,
    rejectedFaces: s.rejectedFaces,
    runtime,
  };
}
type LibraryStatusReport = ReturnType<typeof statusReport>;

function printStatus(file: string, s: LibraryStatusReport): void {
  const out = [`library: ${file}`];
  out.push(
    `photos: ${s.photos} (${s.done} done, ${s.pending} pending, ${s.errors} with errors)`,
    `faces: ${s.faces} (${s.facesAssigned} assigned to a person, ${s.facesLabelledByUser} labelled by you${s.rejectedFaces ? `; ${s.rejectedFaces} rejected` : ''})`,
    `people: ${s.people} (${s.namedPeople} named)`,
  );
  const kinds = Object.entries(s.errorsByKind);
  if (kinds.length) out.push(`errors: ${kinds.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (s.errorsByKind.unsupported) out.push('  (unsupported = HEIC, RAW and other formats this build cannot decode)');
  for (const f of s.folders)
    out.push(`folder ${f.path}: ${f.photos} photos, ${f.faces} faces${f.errors ? `, ${f.errors} errors` : ''}`);
  out.push(
    s.runtime
      ? `runtime: ${s.runtime.name}${s.runtime.gpu ? ' (GPU)' : ' (CPU)'}, last used ${new Date(s.runtime.at).toISOString()}\n  why: ${s.runtime.reason}`
      : 'runtime: none yet (the face models load on the first scan)',
  );
  console.log(out.join('\n'));
}

/** `facet status`: what the library holds and which backend ran. */
export const registerStatus: RegisterCommand = (program, setExitCode) => {
  program
    .command('status')
    .description('count photos, faces, errors and people, and say which inference backend ran and why')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--json', 'print the figures as JSON')
    .option('--errors [n]', 'also list the files with errors and why (the first n, default 50)')
    .action(async (opts: { db?: string; json?: boolean; errors?: string | boolean }) => {
      const file = resolveDbPath(opts.db);
      try {
        const db = openDatabase(file, { readonly: true });
        try {
          const s = statusReport(await apiSession(db).call('library.status', {}), loadRuntimeInfo(db));
          const limit = opts.errors === undefined ? 0 : opts.errors === true ? 50 : Number(opts.errors);
          const errors = limit > 0 ? listPhotoErrors(db, { limit }).items : [];
          if (opts.json)
            console.log(JSON.stringify({ db: file, ...s, ...(limit > 0 ? { errorFiles: errors } : {}) }, null, 2));
          else {
            printStatus(file, s);
            for (const e of errors) console.log(`  ${e.path}: ${e.error}`);
            if (errors.length < s.errors && limit > 0) console.log(`  ... and ${s.errors - errors.length} more`);
          }
        } finally {
          db.close();
        }
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      }
    });
};
