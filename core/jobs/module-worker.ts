import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker-thread entry `<dir>/<name>`: the compiled `.js` from dist, or the `.ts` source through tsx's
 * CommonJS hook when the caller itself runs from source (tests, benches): loader flags do not reliably reach
 * worker threads, so the worker registers the hook itself.
 */
export function startModuleWorker(callerFile: string, dir: string, name: string, workerData: unknown): Worker {
  const fromSource = path.extname(callerFile) === '.ts';
  const entry = path.join(dir, `${name}${fromSource ? '.ts' : '.js'}`);
  return fromSource
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, workerData })
    : new Worker(entry, { workerData });
}
