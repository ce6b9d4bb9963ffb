/**
 * Independent fits (the candidate's search, then one per cross-validation fold) spread over the cores.
 * tfjs-wasm runs on one thread, so each extra core gets a worker thread with its own backend, started when the
 * pool is (during the candidate's search, so they are ready for the folds); the calling thread takes jobs too,
 * and every executor pulls the next job from one queue. On the GPU (tfjs-node-gpu) the jobs run here, one after
 * another. A fit is deterministic for its seed and data, whichever thread runs it.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../jobs/module-worker';
import type { Head } from '../space/head';
import type { TrainSettings } from './settings';
import type { TrainBackend } from './tf-backend';
import {
  TrainingCancelled,
  trainFixedSteps,
  trainWithEarlyStopping,
  type FitResult,
  type StepReport,
  type TrainingData,
  type TrainOptions,
} from './trainer';

export interface FitJob {
  readonly data: TrainingData;
  readonly settings: TrainSettings;
  readonly parent: Head | null;
  /** Train exactly this many steps; absent: early stopping chooses. */
  readonly steps?: number;
}

export interface FitRunOptions {
  /** Cancels every job: run() rejects with TrainingCancelled. */
  readonly signal?: AbortSignal;
  readonly onStep?: (job: number, r: StepReport) => void;
}

export type FitRequest = { type: 'fit'; job: FitJob } | { type: 'stop' };
export type FitReply =
  | { type: 'ready' }
  | { type: 'step'; report: StepReport }
  | { type: 'done'; result: FitResult }
  | { type: 'failed'; message: string; cancelled?: boolean };

/** One fit, wherever it runs. */
export function fit(backend: TrainBackend, job: FitJob, opts: TrainOptions): Promise<FitResult> {
  const o = { ...opts, parent: job.parent };
  return job.steps === undefined
    ? trainWithEarlyStopping(backend, job.data, job.settings, o)
    : trainFixedSteps(backend, job.data, job.settings, job.steps, o);
}

export class FitPool {
  private readonly workers: Promise<Worker | null>[];
  private readonly started = new Set<Worker>();
  private closed = false;

  private constructor(
    private readonly backend: TrainBackend,
    threads: number,
  ) {
    this.workers = Array.from({ length: threads - 1 }, async () => {
      const worker = await startFitWorker(backend);
      // One that starts after close() is not needed any more.
      if (worker && this.closed) void worker.terminate();
      else if (worker) this.started.add(worker);
      return worker;
    });
  }

  /** `threads` counts the calling thread (default: the available cores, FACET_TRAIN_THREADS, 1 on a GPU). */
  static start(backend: TrainBackend, threads = defaultThreads(backend.name !== 'tfjs-node-gpu')): FitPool {
    return new FitPool(backend, Math.max(1, threads));
  }

  async run(jobs: readonly FitJob[], o: FitRunOptions = {}): Promise<FitResult[]> {
    if (this.closed) throw new Error('FitPool used after close()');
    const results: FitResult[] = [];
    let next = 0;
    let failed = false;
    const drain = async (run: (i: number) => Promise<FitResult>) => {
      while (next < jobs.length && !failed && !o.signal?.aborted) {
        const i = next++;
        try {
          results[i] = await run(i);
        } catch (err) {
          failed = true; // the other executors take no new job
          throw err;
        }
      }
    };
    const workers = this.workers.slice(0, Math.max(0, jobs.length - 1));
    await Promise.all([
      drain((i) => inProcess(this.backend, i, jobs[i], o)),
      ...workers.map(async (started) => {
        const worker = await started;
        // A worker that could not start, or has died since, leaves its share to the others.
        if (worker && !exited.has(worker)) await drain((i) => inWorker(worker, i, jobs[i], o));
      }),
    ]);
    if (o.signal?.aborted) throw new TrainingCancelled();
    return results;
  }

  /** Threads that can take jobs once every worker has started (or failed to): the calling one included. */
  async ready(): Promise<number> {
    await Promise.all(this.workers);
    return this.threadsNow();
  }

  /** Threads that can take jobs now, without waiting for workers still starting. */
  threadsNow(): number {
    return 1 + [...this.started].filter((w) => !exited.has(w)).length;
  }

  /** Ends the workers; one still starting ends when it has (nobody waits for it). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.started].map((w) => w.terminate()));
  }
}

function inProcess(backend: TrainBackend, i: number, job: FitJob, o: FitRunOptions): Promise<FitResult> {
  return fit(backend, job, { signal: o.signal, onStep: (r) => o.onStep?.(i, r) });
}

function inWorker(worker: Worker, i: number, job: FitJob, o: FitRunOptions): Promise<FitResult> {
  return new Promise((resolve, reject) => {
    const stop = () => worker.postMessage({ type: 'stop' } satisfies FitRequest);
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      o.signal?.removeEventListener('abort', stop);
    };
    const onMessage = (msg: FitReply) => {
      if (msg.type === 'step') return o.onStep?.(i, msg.report);
      if (msg.type === 'ready') return;
      done();
      if (msg.type === 'done') resolve(msg.result);
      else reject(msg.cancelled ? new TrainingCancelled() : new Error(msg.message));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onExit = (code: number) => onError(new Error(`training worker exited with code ${code}`));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    o.signal?.addEventListener('abort', stop);
    worker.postMessage({ type: 'fit', job } satisfies FitRequest);
  });
}

const exited = new WeakSet<Worker>();

/** A worker with the same backend, or null when one cannot start (the calling thread then does its share). */
function startFitWorker(backend: TrainBackend): Promise<Worker | null> {
  const worker = startModuleWorker(__filename, __dirname, 'fit-worker', backend.name);
  worker.once('exit', () => exited.add(worker));
  return new Promise((resolve) => {
    const settle = (ok: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (!ok) void worker.terminate();
      resolve(ok ? worker : null);
    };
    const onMessage = (msg: FitReply) => settle(msg.type === 'ready');
    const onError = () => settle(false);
    worker.on('message', onMessage);
    worker.on('error', onError);
  });
}

/** FACET_TRAIN_THREADS caps the threads (e.g. to leave a core free); a GPU backend runs its fits one by one. */
function defaultThreads(cpuBound: boolean): number {
  const cap = Number(process.env.FACET_TRAIN_THREADS);
  const cores = cpuBound ? os.availableParallelism() : 1;
  return Number.isInteger(cap) && cap > 0 ? Math.min(cap, cores) : cores;
}
