import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Starts a TypeScript worker entry through tsx (the compiled app starts dist/electron/engine-worker.js instead). */
export function spawnTsWorker(entry: string, workerData: unknown): Worker {
  const tsx = require.resolve('tsx/cjs', { paths: [path.join(__dirname, '..', '..')] });
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
