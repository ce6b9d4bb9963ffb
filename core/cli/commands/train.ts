import type { Database } from 'better-sqlite3';
import { TerminalProgress } from '../../jobs/terminal-progress';
import { startTrainJob } from '../../train/train-job';
import { activateVersion, NotEnoughLabelsError, rollbackVersion, type TrainReport } from '../../train/train-service';
import { getHeadVersion, listHeadVersions, type HeadVersionSummary } from '../../space/versions-repo';
import { resolveDbPath } from '../../api/db-path';
import type { RegisterCommand } from './index';
import { asWriter, openLibraryOrReport } from '../open-library';

interface TrainOpts {
  db?: string;
  json?: boolean;
  list?: boolean;
  activate?: string;
  rollback?: boolean;
  arch: string;
  compatible?: boolean;
  seed: string;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');
const num = (x: number) => (Number.isFinite(x) ? x.toFixed(5) : 'n/a');

function describeReport(r: TrainReport): string[] {
  return [
    `version ${r.version} (parent ${r.parent ?? 'backbone'}), ${r.steps} steps on ${r.labelledFaces} labelled faces of ${r.people} people, ${r.seconds.toFixed(1)} s on ${r.backend}`,
    `held-out photos of your people: VAL@FAR1e-3 ${pct(r.before.valAtFar1e3)} -> ${pct(r.after.valAtFar1e3)}, AUC ${num(r.before.auc)} -> ${num(r.after.auc)}`,
    `people it did not train on (${r.unseen.folds} folds): VAL@FAR1e-3 ${pct(r.unseen.before.valAtFar1e3)} -> ${pct(r.unseen.after.valAtFar1e3)}, AUC ${num(r.unseen.before.auc)} -> ${num(r.unseen.after.auc)}`,
    `  mixed with your people: VAL@FAR1e-3 ${pct(r.unseen.mixed.before.valAtFar1e3)} -> ${pct(r.unseen.mixed.after.valAtFar1e3)}, AUC ${num(r.unseen.mixed.before.auc)} -> ${num(r.unseen.mixed.after.auc)}`,
    ...(r.naming
      ? [
          `naming new photos with strangers held out (${r.naming.newPhotos} new photos, ${r.naming.strangerPhotos} strangers' photos): recall ${pct(r.naming.before.recall)} -> ${pct(r.naming.after.recall)}, strangers named ${pct(r.naming.before.fpir)} -> ${pct(r.naming.after.fpir)}`,
        ]
      : []),
    r.activated
      ? `activated (match threshold ${r.threshold.toFixed(4)}): ${r.reason}`
      : `kept inactive: ${r.reason}. \`facet train --activate ${r.version}\` would use it anyway.`,
  ];
}

function describeVersion(v: HeadVersionSummary): string {
  const gate = v.metrics.gate as { reason?: string } | undefined;
  const when = new Date(v.createdAt).toISOString().slice(0, 19).replace('T', ' ');
  return `${v.active ? '*' : ' '} ${v.id}  parent ${v.parentId ?? '-'}  ${when}  ${String(v.metrics.arch ?? 'linear')}  ${String(v.metrics.steps ?? '?')} steps  threshold ${v.threshold?.toFixed(4) ?? '-'}  ${gate?.reason ?? ''}`;
}

function listVersions(db: Database, json: boolean): void {
  const versions = listHeadVersions(db);
  if (json) {
    console.log(
      JSON.stringify(versions.map(({ metrics, ...v }) => ({ ...v, gate: metrics.gate, arch: metrics.arch }))),
    );
    return;
  }
  if (!versions.length) console.log('no trained versions yet: matching uses the backbone (`facet train` makes one)');
  for (const v of versions) console.log(describeVersion(v));
  if (versions.length && !versions.some((v) => v.active)) console.log('(none active: matching uses the backbone)');
}

async function train(db: Database, opts: TrainOpts, setExitCode: (c: number) => void): Promise<void> {
  const arch = opts.arch === 'residual-mlp' ? 'residual-mlp' : 'linear';
  const bar = new TerminalProgress('steps');
  const job = startTrainJob(db, {
    settings: { arch, compatibleWithParent: !!opts.compatible, seed: Number(opts.seed) },
  });
  job.onUpdate((s) => {
    if (s.status === 'running')
      bar.update({ done: s.done, total: s.total, detail: s.message, rate: s.rate, etaSeconds: s.etaSeconds });
  });
  const onSigint = () => {
    console.error('\ncancelling training: nothing is written...');
    job.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await job.finished;
    bar.end();
    if (outcome.status === 'cancelled') return setExitCode(130);
    if (outcome.status === 'failed') {
      const e = outcome.error;
      console.error(`facet: ${e instanceof NotEnoughLabelsError ? 'not enough labels: ' : ''}${e.message}`);
      return setExitCode(1);
    }
    const r = outcome.result;
    if (opts.json) console.log(JSON.stringify(r));
    else for (const line of describeReport(r)) console.log(line);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `facet train`: fine-tune the matching space on your own labels; list, activate or roll back versions. */
export const registerTrain: RegisterCommand = (program, setExitCode) => {
  program
    .command('train')
    .description(
      'fine-tune the matching space on your labels (kept only if it helps your people and hurts no one else)',
    )
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--json', 'print one JSON object (the last line)')
    .option('--list', 'list the trained versions (* = active)')
    .option('--activate <id>', 'use version <id> for matching (re-assigns machine guesses; user labels stay)')
    .option('--rollback', "go back to the active version's parent (or to the backbone)")
    .option('--arch <arch>', "'linear' (default, the measured-safe choice) or 'residual-mlp'", 'linear')
    .option(
      '--compatible',
      "keep the new version comparable with its parent (harmonic training: mixes the parent's embeddings into triplet selection)",
    )
    .option('--seed <n>', 'random seed (same labels + same seed = same version)', '1')
    .action(async (opts: TrainOpts) => {
      if (opts.arch !== 'linear' && opts.arch !== 'residual-mlp') {
        console.error(`facet: --arch must be 'linear' or 'residual-mlp', got ${opts.arch}`);
        return setExitCode(2);
      }
      if (!Number.isInteger(Number(opts.seed))) {
        console.error(`facet: --seed must be an integer, got ${opts.seed}`);
        return setExitCode(2);
      }
      const file = resolveDbPath(opts.db);
      if (opts.list) {
        const db = openLibraryOrReport(file, setExitCode);
        if (!db) return;
        try {
          return listVersions(db, !!opts.json);
        } finally {
          db.close();
        }
      }
      const purpose = opts.rollback ? 'train --rollback' : opts.activate !== undefined ? 'train --activate' : 'train';
      await asWriter(file, purpose, setExitCode, () => trainCommand(file, opts, setExitCode));
    });
};

/** Train, activate or roll back: the writing half of `facet train`, run under the writer lock. */
async function trainCommand(file: string, opts: TrainOpts, setExitCode: (code: number) => void): Promise<void> {
  const db = openLibraryOrReport(file, setExitCode);
  if (!db) return;
  try {
    if (opts.activate !== undefined || opts.rollback) {
      let active: number | null;
      let moved: { assigned: number; unassigned: number };
      if (opts.rollback) {
        const r = rollbackVersion(db);
        active = r.active;
        moved = r;
      } else {
        const id = Number(opts.activate);
        if (!Number.isInteger(id) || !getHeadVersion(db, id)) {
          console.error(`facet: no trained version ${opts.activate} (see \`facet train --list\`)`);
          return setExitCode(1);
        }
        active = id;
        moved = activateVersion(db, id);
      }
      if (opts.json) console.log(JSON.stringify({ active, ...moved }));
      else
        console.log(
          `matching now uses ${active === null ? 'the backbone' : `version ${active}`}; ` +
            `${moved.assigned} faces assigned, ${moved.unassigned} unassigned (user labels untouched)`,
        );
      return;
    }
    await train(db, opts, setExitCode);
  } finally {
    db.close();
  }
}
