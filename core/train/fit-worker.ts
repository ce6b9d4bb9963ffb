/**
 * Worker-thread entry of ./parallel-fits: trains one head at a time, on the backend the main thread chose, and
 * answers the result. A 'stop' message ends the current fit as cancelled; the worker stays usable.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTrainBackend, type TrainBackendName } from './tf-backend';
import { fit, type FitReply, type FitRequest } from './parallel-fits';
import { TrainingCancelled } from './trainer';

/** Steps between progress messages: a message per step would cost more than the step. */
const REPORT_EVERY = 10;

async function main(): Promise<void> {
  const port = parentPort!;
  let backend;
  try {
    backend = await loadTrainBackend(workerData as TrainBackendName);
  } catch (err) {
    port.postMessage({ type: 'failed', message: (err as Error).message } satisfies FitReply);
    return;
  }
  let current: AbortController | null = null;
  port.on('message', (msg: FitRequest) => {
    if (msg.type === 'stop') return current?.abort();
    const stop = (current = new AbortController());
    fit(backend, msg.job, {
      signal: stop.signal,
      onStep: (r) => {
        if (r.step % REPORT_EVERY === 0 || r.step === r.total)
          port.postMessage({ type: 'step', report: r } satisfies FitReply);
      },
    }).then(
      (result) => port.postMessage({ type: 'done', result } satisfies FitReply),
      (err: Error) =>
        port.postMessage({
          type: 'failed',
          message: err.message,
          cancelled: err instanceof TrainingCancelled,
        } satisfies FitReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies FitReply);
}

void main();
