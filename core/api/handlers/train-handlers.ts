import { listHeadVersions } from '../../space/versions-repo';
import type { HeadVersionSummary } from '../../space/versions-repo';
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
    valBefore: num(m, 'gate.labelled.before.valAtFar1e3'),
    valAfter: num(m, 'gate.labelled.after.valAtFar1e3'),
    aucBefore: num(m, 'gate.labelled.before.auc'),
    aucAfter: num(m, 'gate.labelled.after.auc'),
    far: num(m, 'gate.labelled.after.valAtFar1e3') === null ? null : 1e-3,
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
  'train.start': (_args, ctx) => {
    const job = ctx.jobs.start('train', 'Training on your labels', async (job) => {
      const report = await engine.train(ctx.db, job.signal, (p) => {
        const phase = p.phase === 'unseen' ? `checking on unseen people (fold ${p.fold} of ${p.folds})` : p.phase;
        job.progress(p.step, p.total, `${phase} · loss ${p.loss.toFixed(4)}`);
        if (Number.isFinite(p.loss)) job.loss([p.loss]);
      });
      ctx.events.changed('models', 'threshold', 'people', 'faces');
      return `version ${report.version}: ${report.activated ? 'activated' : 'kept inactive'} — ${report.reason}`;
    });
    return { jobId: job.id };
  },
  'train.list': (_args, ctx) => listHeadVersions(ctx.db).map(toVersion).reverse(),
  'train.activate': ({ modelId }, ctx) => {
    if (!listHeadVersions(ctx.db).some((v) => v.id === modelId))
      throw new ApiFailure('not_found', `no trained version with id ${modelId}`);
    engine.activate(ctx.db, modelId);
    ctx.events.changed('models', 'threshold', 'people', 'faces');
    return { active: modelId };
  },
  'train.rollback': (_args, ctx) => {
    // Back to the version this one was trained from, or to the backbone when it was the first.
    const { active } = engine.rollback(ctx.db);
    ctx.events.changed('models', 'threshold', 'people', 'faces');
    return { active };
  },
};
