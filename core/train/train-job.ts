/**
 * Training as a generic job (core/jobs): {done, total} in optimiser steps, a message with the phase and the
 * loss, cancellation. Nothing is written until the very end (one transaction), so a cancel or a crash leaves
 * the library exactly as it was; "resuming" is simply training again, which takes seconds.
 */
import type { Database } from 'better-sqlite3';
import { startJob, type Job } from '../jobs/job';
import { trainFromLabels, type TrainProgress, type TrainReport, type TrainRequest } from './train-service';

export function startTrainJob(db: Database, req: Omit<TrainRequest, 'signal'> = {}): Job<TrainReport> {
  return startJob('train', (ctx) => {
    let searchSteps = 0;
    return trainFromLabels(db, {
      ...req,
      signal: ctx.signal,
      onProgress: (p: TrainProgress) => {
        req.onProgress?.(p);
        if (p.phase !== 'unseen') {
          searchSteps = p.step;
          // Early stopping usually ends well before the cap; the total is an upper bound until then.
          ctx.report({ done: p.step, total: p.total, message: trainMessage(p) });
        } else {
          const folds = p.folds ?? 1;
          const done = searchSteps + ((p.fold ?? 1) - 1) * p.total + p.step;
          ctx.report({ done, total: searchSteps + folds * p.total, message: trainMessage(p) });
        }
      },
    });
  });
}

export function trainMessage(p: TrainProgress): string {
  const loss = `loss ${p.loss.toFixed(4)}`;
  if (p.phase === 'unseen') return `checking people it did not train on (fold ${p.fold}/${p.folds}), ${loss}`;
  return `${p.phase === 'refit' ? 'refitting' : 'training'} on your labels, step ${p.step}, ${loss}`;
}
