import { personOfFaces } from '../../db/faces-repo';
import { computeEmbeddingMap } from '../embedding-map';
import type { HandlersFor } from '../handler';

export const mapHandlers: HandlersFor<'map.compute' | 'map.get'> = {
  'map.compute': (_args, ctx) => {
    const job = ctx.jobs.start('map', 'Map of faces', async (job) => {
      ctx.map = await computeEmbeddingMap(ctx.db, job);
      ctx.events.changed('map');
      return `${ctx.map.points.length} faces`;
    });
    return { jobId: job.id };
  },
  // The layout is kept; who each face belongs to is read now (names, merges and moves since do not need a new
  // layout), and faces rejected since are left out.
  'map.get': (_args, ctx) => {
    if (!ctx.map) return null;
    const now = personOfFaces(ctx.db);
    return {
      computedAt: ctx.map.computedAt,
      facesNow: now.size,
      points: ctx.map.points
        .filter((p) => now.has(p.faceId))
        .map((p) => ({ ...p, personId: now.get(p.faceId) ?? null })),
    };
  },
};
