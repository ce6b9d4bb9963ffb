/**
 * Training as a generic job (core/jobs): {done, total} in optimiser steps over the candidate and the
 * cross-validation folds that train after it, a message with the phase and the loss, cancellation. Nothing is
 * written until the very end (one transaction), so a cancel or a crash leaves the library exactly as it was;
 * "resuming" is simply training again, which takes seconds.
 */
import type { Database } from 'better-sqlite3';
import { startJob, type Job } from '../jobs/job';
import { trainFromLabels, type TrainProgress, type TrainReport, type TrainRequest } from './train-service';

export function startTrainJob(db: Database, req: Omit<TrainRequest, 'signal'> = {}): Job<TrainReport> {
  return startJob('train', (ctx) => {
    // Steps done and the most each fit may still run, by fit (0: the candidate, f: fold f).
    const fits = new Map<number, { step: number; total: number }>();
    let candidateDone = false;
    return trainFromLabels(db, {
      ...req,
      signal: ctx.signal,
      onProgress: (p: TrainProgress) => {
        req.onProgress?.(p);
        const fit = p.phase === 'unseen' ? (p.fold ?? 1) : 0;
        fits.set(fit, { step: p.step, total: p.total });
        if (fit === 0) candidateDone = p.step === p.total;
        // Folds that have not reported yet may run as long as the longest cap seen.
        const cap = Math.max(...[...fits.values()].map((f) => f.total));
        const waiting = 1 + p.folds - fits.size;
        let done = 0;
        let total = waiting * cap;
        for (const f of fits.values()) {
          done += f.step;
          total += f.total;
        }
        // One message at a time: the candidate's while it trains, then the folds'.
        const message = fit === 0 || candidateDone ? trainMessage(p) : undefined;
        ctx.report({ done, total, message });
      },
    });
  });
}

export function trainMessage(p: TrainProgress): string {
  const loss = `loss ${p.loss.toFixed(4)}`;
  if (p.phase === 'unseen') return `checking people it did not train on (fold ${p.fold}/${p.folds}), ${loss}`;
  return `${p.phase === 'refit' ? 'refitting' : 'training'} on your labels, step ${p.step}, ${loss}`;
}
