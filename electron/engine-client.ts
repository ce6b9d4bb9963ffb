/**
 * The main process's handle on the engine worker: correlates requests with replies, fans events out, and survives
 * a worker that dies (its pending calls get an `unavailable` envelope and the next call starts a fresh worker;
 * the database is WAL, so a dead worker loses at most its uncommitted step).
 */
import type { ApiEvents, Envelope, EventName, OpName } from '../core/api/contract';
import type { FromEngine, MediaBytes, MediaKind, ToEngine } from './engine-protocol';

/** The part of a worker_threads Worker the client uses. */
export interface WorkerLike {
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(message: ToEngine): void;
  terminate(): Promise<number>;
}

export type EngineEventListener = <E extends EventName>(name: E, payload: ApiEvents[E]) => void;

type Pending =
  | { readonly kind: 'call'; readonly resolve: (e: Envelope<unknown>) => void }
  | { readonly kind: 'media'; readonly resolve: (m: MediaBytes | null) => void; readonly reject: (e: Error) => void };

export class EngineClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EngineEventListener>();
  private closing: Promise<void> | null = null;
  private ready = false;
  /** Why the last worker died before it was ready (a database it cannot open, say), and when. */
  private startupFailure: { readonly message: string; readonly at: number } | null = null;

  /** @param retryAfterMs after a worker dies while starting, calls fail fast with its reason this long. */
  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly retryAfterMs = 3000,
  ) {}

  /** Runs one contract operation in the worker. Never rejects: failures come back as envelopes. */
  call(op: OpName, args: unknown): Promise<Envelope<unknown>> {
    if (this.closing) return Promise.resolve(unavailable('the engine is shutting down'));
    const failed = this.recentStartupFailure();
    if (failed) return Promise.resolve(unavailable(failed));
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'call', resolve });
      this.send({ type: 'call', id, op, args });
    });
  }

  /** The bytes of a face crop, photo or thumbnail by row id; null when the library has no such media. */
  media(kind: MediaKind, mediaId: number): Promise<MediaBytes | null> {
    if (this.closing) return Promise.reject(new Error('the engine is shutting down'));
    const failed = this.recentStartupFailure();
    if (failed) return Promise.reject(new Error(failed));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'media', resolve, reject });
      this.send({ type: 'media', id, kind, mediaId });
    });
  }

  /** Subscribes to every event the engine emits; returns the unsubscribe function. */
  onEvent(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the worker to close the database and stop; terminates it if it has not within `graceMs`. */
  close(graceMs = 5000): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.on('exit', () => resolve()));
      worker.postMessage({ type: 'close' });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
      clearTimeout(timer);
    })();
    return this.closing;
  }

  private send(message: ToEngine): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    this.ready = false;
    worker.on('message', (message) => this.receive(message));
    worker.on('error', (err) => this.lost(worker, `the engine failed: ${err.message}`));
    worker.on('exit', (code) => this.lost(worker, `the engine stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private receive(message: FromEngine): void {
    switch (message.type) {
      case 'result': {
        const p = this.take(message.id);
        if (p?.kind === 'call') p.resolve(message.envelope);
        return;
      }
      case 'media': {
        const p = this.take(message.id);
        if (p?.kind !== 'media') return;
        if (message.error) p.reject(new Error(message.error));
        else p.resolve(message.media);
        return;
      }
      case 'event':
        for (const listener of this.listeners) listener(message.name, message.payload);
        return;
      case 'ready':
        this.ready = true;
        this.startupFailure = null;
        return;
      case 'closed':
        return;
    }
  }

  private recentStartupFailure(): string | null {
    const f = this.startupFailure;
    return f && Date.now() - f.at < this.retryAfterMs ? f.message : null;
  }

  private take(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p;
  }

  /** The worker is gone: fail what it owed us; the next call starts a new one. */
  private lost(worker: WorkerLike, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    // A worker that never got ready would fail the same way again at once: don't respawn on every call.
    if (!this.ready) this.startupFailure = { message: reason, at: Date.now() };
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.kind === 'call') p.resolve(unavailable(reason));
      else p.reject(new Error(reason));
    }
  }
}

function unavailable(message: string): Envelope<never> {
  return { ok: false, error: { code: 'unavailable', message } };
}
