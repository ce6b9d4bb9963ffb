/**
 * `facet eval naming <labeled-root>`: the user's loop as a measurement (see core/people/eval-naming.ts): over
 * random identity splits, named people's first photos are labelled, the rest arrive as new photos through the
 * product's after-scan path; recall, wrong names, strangers named (FPIR), FNIR at FPIR 1e-2 / 1e-3.
 * With --train, each split also runs `facet train` (the gate decides activation) before the new photos arrive.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  namingSplits,
  runNamingSplit,
  scratchFile,
  summarise,
  type NamingSummary,
  type SplitResult,
  type Spread,
} from '../../people/eval-naming';
import type { NamingRuleKind } from '../../people/defaults';
import { NotEnoughLabelsError, trainFromLabels } from '../../train/train-service';
import { evalDbPath, evalGroup } from './eval-verify';
import type { RegisterCommand } from './index';
import { labeledFacesWithProgress, openLibraryOrReport } from '../open-library';

interface Opts {
  db?: string;
  json?: boolean;
  splits: string;
  seed: string;
  train?: boolean;
  rule: string;
}

interface TrainedSplit extends SplitResult {
  readonly activated: boolean;
  readonly reason: string;
}

const pct = (s: Spread) =>
  `${(100 * s.mean).toFixed(1)}% ±${(100 * s.sd).toFixed(1)} [${(100 * s.min).toFixed(1)}..${(100 * s.max).toFixed(1)}]`;

function formatSummary(title: string, s: NamingSummary): string {
  const t = s.totals;
  return [
    `${title}:`,
    `  recall        ${pct(s.recall)}  (${t.right}/${t.newPhotos} new photos of named people named right)`,
    `  wrong names   ${pct(s.wrongRate)}  (${t.wrong}/${t.newPhotos})`,
    `  strangers named (FPIR) ${pct(s.fpir)}  (${t.strangersNamed}/${t.strangerPhotos})`,
    `  FNIR at FPIR 1e-2 ${pct(s.fnirAtFpir1e2)};  at FPIR 1e-3 ${pct(s.fnirAtFpir1e3)}  (nearest named face)`,
  ].join('\n');
}

async function trainQuietly(db: Database): Promise<{ activated: boolean; reason: string }> {
  try {
    const r = await trainFromLabels(db);
    return { activated: r.activated, reason: r.reason };
  } catch (err) {
    if (err instanceof NotEnoughLabelsError) return { activated: false, reason: err.message };
    throw err;
  }
}

export const registerEvalNaming: RegisterCommand = (program, setExitCode) => {
  evalGroup(program)
    .command('naming')
    .description(
      'open-set naming of <labeled-root>/<person>/*: name some people from their first photos, scan the rest as new ' +
        'photos, count new photos named right, wrong names and strangers named (FPIR), over random identity splits',
    )
    .argument('<labeled-root>', 'folder with one sub-folder of photos per person')
    .option('--db <file>', 'database to scan into (default: a cache for this folder in the temp dir, not your library)')
    .option('--json', 'print one JSON object (format: docs/eval-naming.md)')
    .option('--splits <n>', 'random identity splits (half the people named, half strangers)', '10')
    .option('--seed <n>', 'seed of the first split', '0')
    .option(
      '--rule <rule>',
      "naming decision: 'calibrated' (for a target FPIR, the default) or 'pair' (the old rule)",
      'calibrated',
    )
    .option('--train', 'also retrain after labelling (the gate decides activation) and report both side by side')
    .action(async (root: string, opts: Opts) => {
      const splits = Number(opts.splits);
      const seed = Number(opts.seed);
      if (!(Number.isInteger(splits) && splits >= 1) || !Number.isInteger(seed)) {
        console.error('facet: --splits must be a whole number >= 1 and --seed a whole number');
        return setExitCode(2);
      }
      if (opts.rule !== 'calibrated' && opts.rule !== 'pair') {
        console.error("facet: --rule must be 'calibrated' or 'pair'");
        return setExitCode(2);
      }
      const rule: NamingRuleKind = opts.rule;
      const db = openLibraryOrReport(opts.db ? path.resolve(opts.db) : evalDbPath(root), setExitCode);
      if (!db) return;
      const work = scratchFile('split');
      try {
        const faces = await labeledFacesWithProgress(db, root);
        const identities = new Set(faces.map((f) => f.identity)).size;
        if (identities < 2) throw new Error(`need at least two people under ${root}/<person>/ (found ${identities})`);
        const plan = namingSplits(faces, { splits, seed });
        const before: SplitResult[] = [];
        const after: TrainedSplit[] = [];
        for (const split of plan) {
          before.push(await runNamingSplit(db, faces, split, work, { rule }));
          if (opts.train) {
            let gate = { activated: false, reason: '' };
            const r = await runNamingSplit(db, faces, split, work, {
              rule,
              prepare: async (d) => {
                gate = await trainQuietly(d);
              },
            });
            after.push({ ...r, ...gate });
          }
          if (!opts.json) process.stderr.write(`split ${before.length}/${plan.length}\r`);
        }
        const report = {
          root: path.resolve(root),
          photos: faces.length,
          identities,
          splits,
          seed,
          rule,
          before: { summary: summarise(before), splits: before },
          ...(opts.train
            ? {
                after: { summary: summarise(after), activated: after.filter((a) => a.activated).length, splits: after },
              }
            : {}),
        };
        if (opts.json) {
          console.log(JSON.stringify(report));
          return;
        }
        console.log(
          `${faces.length} photos of ${identities} people; ${splits} splits: half the people named from the first half ` +
            `of their photos, their later photos and the other people's photos scanned as new`,
        );
        console.log(formatSummary(opts.train ? 'before retraining' : 'naming', report.before.summary));
        if (report.after)
          console.log(
            formatSummary(
              `after retraining (activated in ${report.after.activated}/${splits} splits)`,
              report.after.summary,
            ),
          );
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      } finally {
        db.close();
        fs.rmSync(path.dirname(work), { recursive: true, force: true });
      }
    });
};
