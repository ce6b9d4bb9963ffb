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
  'map.get': (_args, ctx) => ctx.map,
};
