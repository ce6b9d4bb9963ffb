import { randomUUID } from 'node:crypto';
import type { JobInfo, JobKind } from './contract';
import { ApiFailure } from './contract';
import type { EventBus } from './event-bus';

export interface JobContext {
  readonly signal: AbortSignal;
  /**
   * Reports progress; emitted to the UI at most ~10 times a second. `timing` replaces the runner's own
   * whole-job rate and ETA when the work measures them better (e.g. over its recent past).
   */
  progress(
    done: number,
    total: number,
    message?: string,
    timing?: { rate: number | null; etaSeconds: number | null },
  ): void;
  /** Training: appends loss values to the live curve. */
  loss(values: readonly number[]): void;
}

interface Running {
  info: JobInfo;
  controller: AbortController;
  lastEmit: number;
}

const EMIT_INTERVAL_MS = 100;
const KEEP_FINISHED = 20;

/**
 * Runs long work (scan, cluster, map, train) as cancellable jobs that report progress as `job` events.
 * Jobs run in this process and must yield (await) between steps so the event loop stays responsive; one job
 * of each kind at a time, because two scans or two trainings over one library would fight over the same rows.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly events: EventBus) {}

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info).sort((a, b) => b.startedAt - a.startedAt);
  }

  running(kind: JobKind): JobInfo | undefined {
    return this.list().find((j) => j.kind === kind && j.state === 'running');
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Cancels every running job and waits for none; used at shutdown. */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.info.state === 'running') job.controller.abort();
  }

  /** Resolves when no job is running, or after `ms` (shutdown waits for cancelled work to stop writing). */
  async whenIdle(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.list().some((j) => j.state === 'running') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
  }

  start(kind: JobKind, label: string, work: (ctx: JobContext) => Promise<string | void>): JobInfo {
    if (this.running(kind)) throw new ApiFailure('conflict', `a ${kind} job is already running`);
    const controller = new AbortController();
    const startedAt = Date.now();
    const job: Running = {
      controller,
      lastEmit: 0,
      info: {
        id: randomUUID(),
        kind,
        label,
        state: 'running',
        done: 0,
        total: 0,
        rate: null,
        etaSeconds: null,
        message: '',
        startedAt,
        endedAt: null,
        error: null,
        ...(kind === 'train' ? { loss: [] } : {}),
      },
    };
    this.jobs.set(job.info.id, job);
    this.prune();
    // Throttled, but never stale: a skipped update is sent when the interval is over (trailing edge).
    let trailing: NodeJS.Timeout | null = null;
    const emit = () => {
      if (trailing) clearTimeout(trailing);
      trailing = null;
      job.lastEmit = Date.now();
      this.events.emit('job', job.info);
    };
    const update = (patch: Partial<JobInfo>, force = false) => {
      job.info = { ...job.info, ...patch };
      const wait = job.lastEmit + EMIT_INTERVAL_MS - Date.now();
      if (force || wait <= 0) emit();
      else trailing ??= setTimeout(emit, wait);
    };
    const ctx: JobContext = {
      signal: controller.signal,
      progress(done, total, message, timing) {
        const seconds = (Date.now() - startedAt) / 1000;
        const rate = timing ? timing.rate : seconds > 0.5 && done > 0 ? done / seconds : null;
        const etaSeconds = timing ? timing.etaSeconds : rate && total >= done ? (total - done) / rate : null;
        update({ done, total, rate, etaSeconds, ...(message !== undefined ? { message } : {}) });
      },
      loss(values) {
        update({ loss: [...(job.info.loss ?? []), ...values] });
      },
    };
    update({}, true);
    // Start on the next tick so the caller gets the job id before the first progress event.
    setImmediate(() => {
      work(ctx).then(
        (message) =>
          update(
            {
              state: controller.signal.aborted ? 'cancelled' : 'done',
              endedAt: Date.now(),
              etaSeconds: 0,
              ...(message ? { message } : {}),
            },
            true,
          ),
        (err: unknown) =>
          update(
            controller.signal.aborted
              ? { state: 'cancelled', endedAt: Date.now(), message: 'cancelled' }
              : { state: 'failed', endedAt: Date.now(), error: err instanceof Error ? err.message : String(err) },
            true,
          ),
      );
    });
    return job.info;
  }

  private prune(): void {
    const finished = this.list().filter((j) => j.state !== 'running');
    for (const j of finished.slice(KEEP_FINISHED)) this.jobs.delete(j.id);
  }
}
