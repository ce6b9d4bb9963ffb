import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { bandFigures, formatBandFigures } from '../../verify/band-report';
import { getMatchThreshold } from '../../space/thresholds';
import { formatReport, verifyReport } from '../../verify/verify-report';
import type { RegisterCommand } from './index';
import { labeledFacesWithProgress, openLibraryOrReport } from '../open-library';

/** The `eval` command group, shared with other evaluation modules (whichever registers first creates it). */
export function evalGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'eval') ??
    program.command('eval').description('measure Facet on folders of labelled photos (one sub-folder per person)')
  );
}

/**
 * Where an evaluation scans to when no --db is given: a cache per labelled folder, so the user's own library never
 * gains the evaluation photos and a second run costs no inference.
 */
export function evalDbPath(root: string): string {
  const key = crypto.createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), 'facet-eval', `${path.basename(path.resolve(root))}-${key}.db`);
}

/** `facet eval verify <labeled-root>`: the FaceNet verification figures of a labelled folder. */
export const registerEvalVerify: RegisterCommand = (program, setExitCode) => {
  evalGroup(program)
    .command('verify')
    .description(
      'pairs, AUC, best and 10-fold accuracy, VAL at FAR 1e-2 and 1e-3 of <labeled-root>/<person>/* ' +
        '(largest face of each photo; scanned first if needed)',
    )
    .argument('<labeled-root>', 'folder with one sub-folder of photos per person')
    .option('--db <file>', 'database to scan into (default: a cache for this folder in the temp dir, not your library)')
    .option('--json', 'print one JSON object')
    .option('--max-diff-pairs <n>', 'sample the different pairs above this many', '2000000')
    .action(async (root: string, opts: { db?: string; json?: boolean; maxDiffPairs: string }) => {
      const maxDiffPairs = Number(opts.maxDiffPairs);
      if (!(Number.isInteger(maxDiffPairs) && maxDiffPairs >= 1)) {
        console.error('facet: --max-diff-pairs must be a whole number >= 1');
        return setExitCode(2);
      }
      const db = openLibraryOrReport(opts.db ? path.resolve(opts.db) : evalDbPath(root), setExitCode);
      if (!db) return;
      try {
        const faces = await labeledFacesWithProgress(db, root);
        const report = verifyReport(faces, { maxDiffPairs });
        const qualityBands = bandFigures(faces, getMatchThreshold(db, 'backbone'));
        console.log(
          opts.json
            ? JSON.stringify({ ...report, qualityBands })
            : `${formatReport(report)}\n${formatBandFigures(qualityBands)}`,
        );
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      } finally {
        db.close();
      }
    });
};
