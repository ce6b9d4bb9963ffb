import { faceExists } from '../../db/faces-repo';
import { checkTwoFaces } from '../../verify/two-face';
import { userLabelStats, type LabelStats } from '../../verify/label-stats';
import type { ApiContext } from '../api-context';
import { ApiFailure, type MatchSpace, type VerifyStats } from '../contract';
import { engine } from '../engine';
import type { HandlersFor } from '../handler';
import { figures, histogram, operatingPoint, type Figures } from '../verify-figures';

type Measured = LabelStats & { figures: Figures };

/** Pair statistics are O(n^2): measured once per space and kept until faces, people or models change. */
const cache = new WeakMap<ApiContext, Map<MatchSpace, Measured>>();

function measured(ctx: ApiContext, space: MatchSpace): Measured {
  let perSpace = cache.get(ctx);
  if (!perSpace) {
    const fresh = new Map<MatchSpace, Measured>();
    perSpace = fresh;
    cache.set(ctx, fresh);
    ctx.events.on('library.changed', ({ topics }) => {
      if (topics.some((t) => t === 'people' || t === 'faces' || t === 'models' || t === 'threshold')) fresh.clear();
    });
  }
  let entry = perSpace.get(space);
  if (!entry) {
    const stats = userLabelStats(ctx.db, space, { seed: 1 });
    entry = { ...stats, figures: figures(stats.stats) };
    perSpace.set(space, entry);
  }
  return entry;
}

export const verifyHandlers: HandlersFor<
  'verify.stats' | 'verify.pair' | 'verify.previewThreshold' | 'verify.applyThreshold'
> = {
  'verify.stats': ({ space }, ctx): VerifyStats => {
    const m = measured(ctx, space);
    const threshold = engine.matchThreshold(ctx.db, space);
    const stats = m.stats;
    return {
      space,
      faces: m.faces,
      identities: m.identities,
      samePairs: stats?.sameTotal ?? 0,
      diffPairs: stats?.diffTotal ?? 0,
      sampled: !!stats && (stats.sampled.same || stats.sampled.diff),
      auc: m.figures.auc,
      threshold,
      atThreshold: operatingPoint(stats, threshold),
      histogram: stats ? histogram(stats) : { start: 0, width: 0.05, same: [], diff: [] },
      roc: m.figures.roc,
    };
  },
  'verify.pair': ({ faceA, faceB, space }, ctx) => {
    for (const id of [faceA, faceB])
      if (!faceExists(ctx.db, id)) throw new ApiFailure('not_found', `no face with id ${id}`);
    const check = checkTwoFaces(ctx.db, faceA, faceB, { space, stats: measured(ctx, space).stats });
    return {
      distance: check.distance,
      threshold: check.threshold,
      samePerson: check.verdict === 'same person',
      space,
    };
  },
  'verify.previewThreshold': ({ threshold, space }, ctx) => {
    const { join, leave } = engine.previewAssignment(ctx.db, threshold);
    return { at: operatingPoint(measured(ctx, space).stats, threshold), join, leave };
  },
  'verify.applyThreshold': ({ threshold }, ctx) => {
    const r = engine.applyThreshold(ctx.db, threshold);
    ctx.events.changed('threshold', 'people', 'faces');
    return { threshold, ...r };
  },
};
