import { previewAssignment, reassignMachineGuesses } from '../../people/assignment';
import { applyThreshold, proposeThreshold, type ThresholdProposal } from '../../verify/threshold-service';
import type { MatchSpace } from '../../space/thresholds';
import { resolveDbPath } from '../../api/db-path';
import type { RegisterCommand } from './index';
import { asWriter, openLibraryOrReport } from '../open-library';

const pct = (x: number, digits = 2) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : 'n/a');

function describe(p: ThresholdProposal): string {
  const space =
    p.space === 'adapted'
      ? `matching space (${p.current.modelId === null ? 'no model yet' : `model ${p.current.modelId}`})`
      : 'backbone space';
  const lines = [
    `your labels: ${p.faces} faces of ${p.identities} people, ${space}`,
    `pairs: ${p.pairs.same} same, ${p.pairs.diff} different` +
      (p.pairs.notPerson ? ` (${p.pairs.notPerson} from "not this person")` : '') +
      (p.pairs.sampled ? `, sampled (FAR within ±${p.pairs.farErrorBound.toFixed(4)} at 95%)` : ''),
    `AUC ${Number.isFinite(p.auc) ? p.auc.toFixed(6) : 'n/a'}; best accuracy ${pct(p.bestAccuracy.accuracy)} at ${p.bestAccuracy.threshold.toFixed(4)}`,
    `now:      threshold ${p.current.threshold.toFixed(4)}${p.current.calibrated ? '' : ' (default, not calibrated)'}: ` +
      `VAL ${pct(p.atCurrent.val)}, FAR ${pct(p.atCurrent.far, 3)} (${p.atCurrent.fa} false accepts)`,
    `proposed: threshold ${p.proposed.threshold.toFixed(4)} for FAR <= ${p.targetFar}: ` +
      `VAL ${pct(p.proposed.val)}, FAR ${pct(p.proposed.far, 3)} (${p.proposed.fa} false accepts)` +
      (p.pairs.sampled
        ? `, true FAR in [${pct(p.proposed.farInterval.lo, 3)}, ${pct(p.proposed.farInterval.hi, 3)}]`
        : ''),
  ];
  if (p.farResolution > p.targetFar) {
    lines.push(
      `note: ${p.pairs.diff} different pairs cannot measure a FAR of ${p.targetFar}; the proposal is the ` +
        `threshold with no false accept among them. Name more people for a sharper estimate.`,
    );
  }
  if (p.preview) lines.push(`effect: ${p.preview.join} faces would join people, ${p.preview.leave} would leave them`);
  return lines.join('\n');
}

/** `facet threshold`: the match threshold chosen by evidence from the user's own labels. */
export const registerThreshold: RegisterCommand = (program, setExitCode) => {
  program
    .command('threshold')
    .description('propose the match threshold at a target false accept rate from your own labels; --apply stores it')
    .option('--db <file>', 'library database (default: FACET_DB or the user-data folder)')
    .option('--far <rate>', 'target false accept rate', '1e-3')
    .option('--space <space>', "'adapted' (where faces are matched to named people) or 'backbone'", 'adapted')
    .option('--apply', 'store the proposed threshold and re-assign machine guesses at it')
    .option('--json', 'print one JSON object')
    .action((opts: { db?: string; far: string; space: string; apply?: boolean; json?: boolean }) => {
      const far = Number(opts.far);
      if (!(far >= 0 && far < 1)) {
        console.error(`facet: --far must be a rate in [0, 1), got ${opts.far}`);
        return setExitCode(2);
      }
      if (opts.space !== 'adapted' && opts.space !== 'backbone') {
        console.error(`facet: --space must be 'adapted' or 'backbone', got ${opts.space}`);
        return setExitCode(2);
      }
      const space: MatchSpace = opts.space;
      const file = resolveDbPath(opts.db);
      // only --apply writes; a preview never waits for the writer lock
      const run = () => {
        const db = openLibraryOrReport(file, setExitCode);
        if (!db) return;
        try {
          const proposal = proposeThreshold(db, { far, space, preview: previewAssignment });
          const applied = opts.apply
            ? applyThreshold(db, proposal, proposal.preview ? reassignMachineGuesses : undefined)
            : null;
          if (opts.json) {
            console.log(JSON.stringify({ ...proposal, applied }));
            return;
          }
          console.log(describe(proposal));
          if (applied) {
            console.log(
              `applied: threshold ${applied.threshold.toFixed(4)} stored on model ${applied.modelId}; ` +
                `${applied.assigned} faces assigned, ${applied.unassigned} unassigned`,
            );
          } else {
            console.log('nothing changed: run again with --apply to store it');
          }
        } catch (err) {
          console.error(`facet: ${(err as Error).message}`);
          setExitCode(1);
        } finally {
          db.close();
        }
      };
      if (!opts.apply) return run();
      return asWriter(file, 'threshold --apply', setExitCode, run);
    });
};
