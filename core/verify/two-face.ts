/**
 * The two-face check: how far apart two faces are, what the current threshold says, and how that distance
 * compares with the distances of pairs the user's own labels say are the same person or different people.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { toSpace, userLabelStats } from './label-stats';
import { PairDistances } from './pair-distances';
import type { PairStats } from './pair-stats';
import { countAtMost, countBelow } from './sorted-search';
import { matchThresholdInfo, type MatchSpace } from '../space/thresholds';
import { loadFace, type StoredFace } from './user-labels-repo';

export interface Placement {
  /** Pairs in the distribution. */
  readonly pairs: number;
  /** Share of those pairs that are closer than this distance, ties counting half (a mid-rank percentile, 0..1). */
  readonly percentile: number;
}

export interface TwoFaceCheck {
  readonly faces: readonly [Omit<StoredFace, 'descriptor'>, Omit<StoredFace, 'descriptor'>];
  readonly space: MatchSpace;
  readonly distance: number;
  readonly threshold: number;
  /** False while the documented default stands in for a calibrated threshold. */
  readonly calibrated: boolean;
  readonly verdict: 'same person' | 'different people';
  /** Where the distance falls among the user's labels; null when there is no pair of that kind. */
  readonly amongSame: Placement | null;
  readonly amongDifferent: Placement | null;
}

/** Mid-rank percentile of d in ascending `sorted`. */
export function placement(sorted: Float64Array, d: number): Placement | null {
  if (!sorted.length) return null;
  const below = countBelow(sorted, d);
  const atMost = countAtMost(sorted, d);
  return { pairs: sorted.length, percentile: (below + (atMost - below) / 2) / sorted.length };
}

export function checkTwoFaces(
  db: Database,
  faceA: number,
  faceB: number,
  opts: { space?: MatchSpace; stats?: PairStats | null } = {},
): TwoFaceCheck {
  const space = opts.space ?? 'adapted';
  const found = [faceA, faceB].map((id) => {
    const f = loadFace(db, id);
    if (!f) throw new Error(`no face with id ${id}`);
    return f;
  });
  const both = new Float32Array(2 * DESCRIPTOR_SIZE);
  both.set(found[0].descriptor);
  both.set(found[1].descriptor, DESCRIPTOR_SIZE);
  const distance = new PairDistances(toSpace(db, space, both), DESCRIPTOR_SIZE).distance(0, 1);
  const { threshold, calibrated } = matchThresholdInfo(db, space);
  const stats = opts.stats !== undefined ? opts.stats : userLabelStats(db, space).stats;
  const strip = ({ id, personId, assignedBy }: StoredFace) => ({ id, personId, assignedBy });
  return {
    faces: [strip(found[0]), strip(found[1])],
    space,
    distance,
    threshold,
    calibrated,
    verdict: distance <= threshold ? 'same person' : 'different people',
    amongSame: stats ? placement(stats.same, distance) : null,
    amongDifferent: stats ? placement(stats.diff, distance) : null,
  };
}
