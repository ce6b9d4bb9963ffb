/**
 * A FaceAnalyzer that spreads photos over worker threads, one single-threaded runtime each: tfjs-wasm runs on one
 * thread in Node, so a pool is how it uses every core. Each call goes to the least busy worker; the scanner keeps
 * `concurrency` calls in flight.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../jobs/module-worker';
import type { AnalyzedFace, AnalyzeOptions, FaceAnalyzer, RgbImage, RuntimeInfo, RuntimeName } from '../types';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './analyzer-worker';

interface Pending {
  resolve(faces: AnalyzedFace[]): void;
  reject(err: Error): void;
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  private constructor(readonly worker: Worker) {
    worker.on('message', (msg: WorkerReply) => {
      if (!('id' in msg)) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if ('error' in msg) p.reject(new Error(msg.error));
      else p.resolve(msg.faces);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`vision worker exited with code ${code}`)));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  static start(setup: WorkerSetup): Promise<PoolWorker> {
    const worker = startModuleWorker(__filename, __dirname, 'analyzer-worker', setup);
    return new Promise((resolve, reject) => {
      worker.once('message', (msg: WorkerReply) => {
        if ('ready' in msg && msg.ready) resolve(new PoolWorker(worker));
        else {
          void worker.terminate();
          reject(new Error(`vision worker failed to start: ${'error' in msg ? msg.error : 'unknown'}`));
        }
      });
      worker.once('error', reject);
    });
  }
}

export class WorkerPoolFaceAnalyzer implements FaceAnalyzer {
  private nextId = 1;
  private disposed = false;

  private constructor(
    readonly runtime: RuntimeInfo,
    private readonly workers: PoolWorker[],
  ) {}

  get concurrency(): number {
    return this.workers.length;
  }

  static async start(
    runtime: RuntimeName,
    modelDir: string,
    size: number,
    info: RuntimeInfo,
  ): Promise<WorkerPoolFaceAnalyzer> {
    const started = await Promise.allSettled(
      Array.from({ length: size }, () => PoolWorker.start({ runtime, modelDir })),
    );
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((w) => w.worker.terminate()));
      throw failed.reason;
    }
    const reason = `${info.reason}; ${size} worker threads`;
    return new WorkerPoolFaceAnalyzer({ ...info, reason }, workers);
  }

  analyze(image: RgbImage, options?: AnalyzeOptions): Promise<AnalyzedFace[]> {
    if (this.disposed) return Promise.reject(new Error('FaceAnalyzer used after dispose()'));
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, image, options } satisfies WorkerRequest);
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
