import type { MatchSpace } from '../../space/thresholds';
import { checkTwoFaces, type Placement } from '../../verify/two-face';
import { resolveDbPath } from '../../api/db-path';
import type { RegisterCommand } from './index';
import { openLibraryOrReport } from '../open-library';

const place = (p: Placement | null, kind: string) =>
  p === null
    ? `no ${kind} pairs among your labels yet`
    : `${(100 * p.percentile).toFixed(1)}% of your ${p.pairs} ${kind} pairs are closer than this`;

/** `facet check <faceA> <faceB>`: are these two faces one person? */
export const registerCheck: RegisterCommand = (program, setExitCode) => {
  program
    .command('check')
    .description(
      'distance between two faces, the verdict at the current threshold, and how it compares with your labels',
    )
    .argument('<faceA>', 'face id')
    .argument('<faceB>', 'face id')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--space <space>', "'adapted' (where faces are matched to named people) or 'backbone'", 'adapted')
    .option('--json', 'print one JSON object')
    .action((a: string, b: string, opts: { db?: string; space: string; json?: boolean }) => {
      const ids = [a, b].map(Number);
      if (!ids.every((id) => Number.isInteger(id) && id > 0)) {
        console.error(`facet: face ids are whole numbers > 0, got ${a} and ${b}`);
        return setExitCode(2);
      }
      if (opts.space !== 'adapted' && opts.space !== 'backbone') {
        console.error(`facet: --space must be 'adapted' or 'backbone', got ${opts.space}`);
        return setExitCode(2);
      }
      const space: MatchSpace = opts.space;
      const db = openLibraryOrReport(resolveDbPath(opts.db), setExitCode, { readonly: true });
      if (!db) return;
      try {
        const r = checkTwoFaces(db, ids[0], ids[1], { space });
        if (opts.json) {
          console.log(JSON.stringify(r));
          return;
        }
        console.log(
          `faces ${ids[0]} and ${ids[1]}: distance ${r.distance.toFixed(4)} ` +
            `${r.distance <= r.threshold ? '<=' : '>'} threshold ${r.threshold.toFixed(4)}` +
            `${r.calibrated ? '' : ' (default)'} -> ${r.verdict}`,
        );
        console.log(`  ${place(r.amongSame, 'same-person')}`);
        console.log(`  ${place(r.amongDifferent, 'different-person')}`);
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      } finally {
        db.close();
      }
    });
};
