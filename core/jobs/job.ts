/**
 * The generic long-running job (scan, cluster, train...): progress as {done, total} in the job's own units,
 * cancellation through an AbortSignal, and an end status. The work function receives a context and returns
 * its result; the job never throws to its caller: `finished` resolves with the outcome.
 */
import { RateMeter } from './rate';

export type JobStatus = 'running' | 'success' | 'cancelled' | 'failed';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  /** What is happening now, in words (e.g. "walking /photos", "sample3.jpg"). */
  readonly message?: string;
}

export interface JobSnapshot extends Required<JobProgress> {
  readonly id: string;
  readonly kind: string;
  readonly status: JobStatus;
  /** Units per second over the recent past; null until measurable. */
  readonly rate: number | null;
  readonly etaSeconds: number | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly error: string | null;
}

export type JobOutcome<R> =
  | { readonly status: 'success'; readonly result: R }
  | { readonly status: 'cancelled'; readonly result: R | null }
  | { readonly status: 'failed'; readonly error: Error };

export interface JobContext {
  readonly signal: AbortSignal;
  report(progress: JobProgress): void;
}

export interface Job<R> {
  readonly id: string;
  readonly kind: string;
  snapshot(): JobSnapshot;
  cancel(): void;
  /** Subscribes to snapshots (every progress report and the end); returns the unsubscribe function. */
  onUpdate(listener: (s: JobSnapshot) => void): () => void;
  readonly finished: Promise<JobOutcome<R>>;
}

let nextId = 1;

/**
 * Starts `work` now. A work function that notices the abort may return a partial result (status
 * 'cancelled' with that result) or throw; either way the job ends as cancelled, not failed.
 */
export function startJob<R>(kind: string, work: (ctx: JobContext) => Promise<R>): Job<R> {
  const id = `${kind}-${Date.now().toString(36)}-${nextId++}`;
  const controller = new AbortController();
  const meter = new RateMeter();
  const listeners = new Set<(s: JobSnapshot) => void>();
  let progress: Required<JobProgress> = { done: 0, total: 0, message: '' };
  let status: JobStatus = 'running';
  let error: string | null = null;
  const startedAt = Date.now();
  let endedAt: number | null = null;

  const snapshot = (): JobSnapshot => ({
    id,
    kind,
    status,
    ...progress,
    rate: meter.rate(),
    etaSeconds: status === 'running' ? meter.eta(progress.total) : null,
    startedAt,
    endedAt,
    error,
  });
  const emit = () => {
    const s = snapshot();
    for (const l of listeners) l(s);
  };

  const ctx: JobContext = {
    signal: controller.signal,
    report(p) {
      progress = { done: p.done, total: p.total, message: p.message ?? progress.message };
      meter.update(p.done);
      emit();
    },
  };

  const finished = (async (): Promise<JobOutcome<R>> => {
    await Promise.resolve(); // let the caller subscribe before the first report
    try {
      const result = await work(ctx);
      status = controller.signal.aborted ? 'cancelled' : 'success';
      return status === 'success' ? { status: 'success', result } : { status: 'cancelled', result };
    } catch (err) {
      if (controller.signal.aborted) {
        status = 'cancelled';
        return { status: 'cancelled', result: null };
      }
      status = 'failed';
      error = (err as Error)?.message ?? String(err);
      return { status: 'failed', error: err instanceof Error ? err : new Error(String(err)) };
    } finally {
      endedAt = Date.now();
      emit();
    }
  })();

  return {
    id,
    kind,
    snapshot,
    cancel: () => controller.abort(),
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    finished,
  };
}
