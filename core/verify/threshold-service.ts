/**
 * Choosing the match threshold by evidence: measure the user's own labels, propose the largest threshold whose
 * false accept rate stays within the target, show what it would change, and store it only when asked.
 */
import type { Database } from 'better-sqlite3';
import {
  auc,
  bestAccuracy,
  operatingPointAtFar,
  valFar,
  type BestAccuracy,
  type OperatingPoint,
  type ValFar,
} from './metrics';
import { userLabelStats } from './label-stats';
import { matchThresholdInfo, setMatchThreshold, type MatchSpace, type MatchThresholdInfo } from '../space/thresholds';

/** How many faces would join or leave people at a threshold (people/assignment.ts `previewAssignment`). */
export type PreviewAssignment = (db: Database, threshold: number) => { join: number; leave: number };
/** Re-runs k-NN assignment of machine guesses (people/assignment.ts `reassignMachineGuesses`). */
export type ReassignMachineGuesses = (db: Database) => { assigned: number; unassigned: number };

export interface ThresholdProposal {
  readonly space: MatchSpace;
  readonly current: MatchThresholdInfo;
  readonly faces: number;
  readonly identities: number;
  readonly pairs: {
    readonly same: number;
    readonly diff: number;
    readonly notPerson: number;
    readonly sampled: boolean;
    /** 95% DKW bound on FAR at every threshold (0 when exact). */
    readonly farErrorBound: number;
  };
  readonly auc: number;
  readonly bestAccuracy: BestAccuracy;
  readonly targetFar: number;
  /**
   * The smallest FAR the labels can tell from zero (1 / different pairs): when the target is below it, the
   * proposal is simply the threshold with no false accept among the labels, and the true FAR is not known.
   */
  readonly farResolution: number;
  readonly proposed: OperatingPoint;
  readonly atCurrent: ValFar;
  /** Null when no preview function was given or the space measured is not the one faces are matched in. */
  readonly preview: { readonly join: number; readonly leave: number } | null;
}

export class NotEnoughLabelsError extends Error {}

export function proposeThreshold(
  db: Database,
  opts: { far?: number; space?: MatchSpace; preview?: PreviewAssignment; seed?: number } = {},
): ThresholdProposal {
  const targetFar = opts.far ?? 1e-3;
  const space = opts.space ?? 'adapted';
  const measured = userLabelStats(db, space, { seed: opts.seed });
  const { stats } = measured;
  if (!stats || !stats.same.length) {
    throw new NotEnoughLabelsError(
      'name at least two faces of one person first: there is no same-person pair to measure',
    );
  }
  if (!stats.diff.length) {
    throw new NotEnoughLabelsError(
      'name faces of at least two people first: there is no different-person pair to measure',
    );
  }
  const current = matchThresholdInfo(db, space);
  const proposed = operatingPointAtFar(stats, targetFar);
  // previewAssignment works in the space faces are matched in; a backbone threshold under an active head is not it.
  const matched = matchThresholdInfo(db, 'adapted').modelId === current.modelId;
  const preview = opts.preview && matched && proposed.threshold > 0 ? opts.preview(db, proposed.threshold) : null;
  return {
    space,
    current,
    faces: measured.faces,
    identities: measured.identities,
    pairs: {
      same: stats.sameTotal,
      diff: stats.diffTotal,
      notPerson: measured.notPersonPairs,
      sampled: stats.sampled.same || stats.sampled.diff,
      farErrorBound: stats.errorBound.far,
    },
    auc: auc(stats),
    bestAccuracy: bestAccuracy(stats),
    targetFar,
    farResolution: 1 / stats.diff.length,
    proposed,
    atCurrent: valFar(stats, current.threshold),
    preview,
  };
}

/**
 * Stores the proposed threshold on its model version and, when given, re-runs the assignment of machine guesses
 * at it — in one transaction, so a failure leaves both as they were. User labels are never touched.
 */
export function applyThreshold(
  db: Database,
  proposal: ThresholdProposal,
  reassign?: ReassignMachineGuesses,
): { threshold: number; modelId: number; assigned: number; unassigned: number } {
  const { modelId } = proposal.current;
  if (modelId === null) throw new Error('no embedding model is recorded yet: scan a folder first');
  const threshold = proposal.proposed.threshold;
  return db.transaction(() => {
    setMatchThreshold(db, modelId, threshold);
    const r = reassign ? reassign(db) : { assigned: 0, unassigned: 0 };
    return { threshold, modelId, ...r };
  })();
}
