import { loadMatchingSpace } from '../../train/matching-space';
import type { ApiContext } from '../api-context';
import { ApiFailure, type MatchSpace, type VerifyStats } from '../contract';
import { engine } from '../engine';
import type { HandlersFor } from '../handler';
import { loadFaceEmbedding, loadLabelledFaces } from '../queries/labelled-faces';
import { figures, histogram, operatingPoint, type Figures } from '../verify-figures';

/** Pair statistics are O(n^2): computed once per space and kept until faces, people or models change. */
const cache = new WeakMap<ApiContext, Map<MatchSpace, { faces: number; identities: number; figures: Figures }>>();

function cached(ctx: ApiContext, space: MatchSpace) {
  let perSpace = cache.get(ctx);
  if (!perSpace) {
    const fresh = new Map<MatchSpace, { faces: number; identities: number; figures: Figures }>();
    perSpace = fresh;
    cache.set(ctx, fresh);
    ctx.events.on('library.changed', ({ topics }) => {
      if (topics.some((t) => t === 'people' || t === 'faces' || t === 'models' || t === 'threshold')) fresh.clear();
    });
  }
  let entry = perSpace.get(space);
  if (!entry) {
    const labelled = loadLabelledFaces(ctx.db);
    const vectors = space === 'adapted' ? loadMatchingSpace(ctx.db).mapAll(labelled.vectors) : labelled.vectors;
    entry = {
      faces: labelled.labels.length,
      identities: new Set(labelled.labels).size,
      figures: figures(vectors, labelled.labels),
    };
    perSpace.set(space, entry);
  }
  return entry;
}

export function matchThreshold(ctx: ApiContext, space: MatchSpace): number {
  return engine.matchThreshold(ctx.db, space);
}

export const verifyHandlers: HandlersFor<
  'verify.stats' | 'verify.pair' | 'verify.previewThreshold' | 'verify.applyThreshold'
> = {
  'verify.stats': ({ space }, ctx): VerifyStats => {
    const { faces, identities, figures: f } = cached(ctx, space);
    const threshold = matchThreshold(ctx, space);
    const stats = f.stats;
    return {
      space,
      faces,
      identities,
      samePairs: stats?.sameTotal ?? 0,
      diffPairs: stats?.diffTotal ?? 0,
      sampled: !!stats && (stats.sampled.same || stats.sampled.diff),
      auc: f.auc,
      threshold,
      atThreshold: stats && operatingPoint(stats, threshold),
      histogram: stats ? histogram(stats) : { start: 0, width: 0.05, same: [], diff: [] },
      roc: f.roc,
    };
  },
  'verify.pair': ({ faceA, faceB, space }, ctx) => {
    const a = loadFaceEmbedding(ctx.db, faceA);
    const b = loadFaceEmbedding(ctx.db, faceB);
    if (!a || !b) throw new ApiFailure('not_found', `no face with id ${!a ? faceA : faceB}`);
    const m = space === 'adapted' ? loadMatchingSpace(ctx.db) : null;
    const [x, y] = m ? [m.map(a), m.map(b)] : [a, b];
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
    const distance = Math.sqrt(s);
    const threshold = matchThreshold(ctx, space);
    return { distance, threshold, samePerson: distance <= threshold, space };
  },
  'verify.previewThreshold': ({ threshold, space }, ctx) => {
    const { stats } = cached(ctx, space).figures;
    const { join, leave } = engine.previewAssignment(ctx.db, threshold);
    return { at: stats && operatingPoint(stats, threshold), join, leave };
  },
  'verify.applyThreshold': ({ threshold }, ctx) => {
    const r = engine.applyThreshold(ctx.db, threshold);
    ctx.events.changed('threshold', 'people', 'faces');
    return { threshold, ...r };
  },
};
