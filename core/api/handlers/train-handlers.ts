import { getActiveHeadVersion, listHeadVersions, setActiveHeadVersion } from '../../train/versions-repo';
import type { HeadVersionSummary } from '../../train/versions-repo';
import { ApiFailure, type ModelMetrics, type ModelVersion } from '../contract';
import { engine } from '../engine';
import type { HandlersFor } from '../handler';

const num = (m: Record<string, unknown>, ...keys: string[]): number | null => {
  for (const k of keys) {
    const v = k
      .split('.')
      .reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), m);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
};

/** The figures the Train view shows, read from whatever the trainer recorded in `models.metrics`. */
export function modelMetrics(m: Record<string, unknown>): ModelMetrics {
  return {
    valBefore: num(m, 'valBefore', 'before.val', 'labelled.before.val'),
    valAfter: num(m, 'valAfter', 'after.val', 'labelled.after.val'),
    aucBefore: num(m, 'aucBefore', 'before.auc', 'labelled.before.auc'),
    aucAfter: num(m, 'aucAfter', 'after.auc', 'labelled.after.auc'),
    far: num(m, 'far', 'targetFar'),
  };
}

const toVersion = (v: HeadVersionSummary): ModelVersion => ({
  id: v.id,
  name: v.name,
  createdAt: v.createdAt,
  active: v.active,
  threshold: v.threshold,
  metrics: modelMetrics(v.metrics),
});

export const trainHandlers: HandlersFor<'train.start' | 'train.list' | 'train.activate' | 'train.rollback'> = {
  'train.start': ({ epochs }, ctx) => {
    const job = ctx.jobs.start('train', 'Training on your labels', async (job) => {
      const id = await engine.train(ctx.db, {
        epochs,
        signal: job.signal,
        onProgress: (done, total, loss) => {
          job.progress(done, total, loss === undefined ? undefined : `loss ${loss.toFixed(4)}`);
          if (loss !== undefined) job.loss([loss]);
        },
      });
      ctx.events.changed('models');
      return `version ${id}`;
    });
    return { jobId: job.id };
  },
  'train.list': (_args, ctx) => listHeadVersions(ctx.db).map(toVersion).reverse(),
  'train.activate': ({ modelId }, ctx) => {
    if (!listHeadVersions(ctx.db).some((v) => v.id === modelId))
      throw new ApiFailure('not_found', `no trained version with id ${modelId}`);
    setActiveHeadVersion(ctx.db, modelId);
    ctx.events.changed('models', 'threshold');
    return { active: modelId };
  },
  'train.rollback': (_args, ctx) => {
    // Back to the version this one was trained from, or to the backbone when it was the first.
    const active = getActiveHeadVersion(ctx.db);
    const parent = listHeadVersions(ctx.db).find((v) => v.id === active?.parentId);
    const target = parent?.id ?? null;
    setActiveHeadVersion(ctx.db, target);
    ctx.events.changed('models', 'threshold');
    return { active: target };
  },
};
