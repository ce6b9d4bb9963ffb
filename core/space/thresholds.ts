/**
 * The match threshold (Euclidean distance at or below which two faces count as one person), stored per embedding
 * model version in `models.threshold`: on the backbone row for the backbone space, on the active head row for the
 * adapted space. Its SQL is in db/models-repo.
 */
import type { Database } from 'better-sqlite3';
import { activeHeadThreshold, backboneThreshold, setModelThreshold } from '../db/models-repo';
import { MAX_UNIT_DISTANCE, matchThresholdSchema } from './threshold-range';

export type MatchSpace = 'backbone' | 'adapted';

/**
 * Used while nothing is calibrated: the threshold at FAR 1e-3 measured with this pipeline on ../shared/faces/dev
 * (`facet eval verify`, 30 people, 116 faces = largest face of each photo, 225 same / 6445 different pairs, all
 * exact): 0.3807 there, with VAL 100% and FAR 0.093%; the best-accuracy threshold is 0.365. The older 0.42 (best
 * accuracy on the 15-person private set, notes/finetune-experiment.md) gives FAR 0.62% on dev, six times the
 * paper's operating point, so the default errs towards never putting a face in the wrong person. `facet threshold`
 * replaces it with a value measured on the user's own labels.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.38;

export { MAX_UNIT_DISTANCE, matchThresholdSchema } from './threshold-range';

export interface MatchThresholdInfo {
  readonly space: MatchSpace;
  /** The models row the value belongs to (null: no backbone row yet, e.g. before the first scan). */
  readonly modelId: number | null;
  readonly threshold: number;
  /** False when the documented default stands in for a calibrated value. */
  readonly calibrated: boolean;
}

/**
 * Where the threshold of `space` lives and what it is now. 'adapted' is the space faces are matched to labelled
 * people in: the active head, or the backbone itself when no head is active (the identity adapter).
 */
export function matchThresholdInfo(db: Database, space: MatchSpace): MatchThresholdInfo {
  const row = (space === 'adapted' ? activeHeadThreshold(db) : undefined) ?? backboneThreshold(db);
  const stored = row?.threshold;
  return stored != null
    ? { space, modelId: row!.id, threshold: stored, calibrated: true }
    : { space, modelId: row?.id ?? null, threshold: DEFAULT_MATCH_THRESHOLD, calibrated: false };
}

/** The threshold to match faces with in `space`: the stored, calibrated value, else DEFAULT_MATCH_THRESHOLD. */
export function getMatchThreshold(db: Database, space: MatchSpace): number {
  return matchThresholdInfo(db, space).threshold;
}

/** Stores d as the threshold of model version `modelId` (a backbone or head row). */
export function setMatchThreshold(db: Database, modelId: number, d: number): void {
  if (!matchThresholdSchema.safeParse(d).success) {
    throw new RangeError(`a match threshold must be a distance in (0, ${MAX_UNIT_DISTANCE}], got ${d}`);
  }
  if (!setModelThreshold(db, modelId, d)) throw new Error(`no model version with id ${modelId}`);
}
