/**
 * Worker-thread entry of the worker-pool analyzer: one single-threaded runtime (tfjs-wasm) per thread.
 * Receives images, answers faces; typed arrays travel back as transferables (no copy).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PipelineFaceAnalyzer } from '../face-analyzer';
import { chooseRuntime } from '../runtime';
import type { AnalyzedFace, AnalyzeOptions, RgbImage, RuntimeName } from '../types';

export interface WorkerSetup {
  readonly runtime: RuntimeName;
  readonly modelDir: string;
}
export interface WorkerRequest {
  id: number;
  image: RgbImage;
  options?: AnalyzeOptions;
}
export type WorkerReply =
  | { ready: true }
  | { ready: false; error: string }
  | { id: number; faces: AnalyzedFace[] }
  | { id: number; error: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const setup = workerData as WorkerSetup;
  let analyzer: PipelineFaceAnalyzer;
  try {
    const { info, runners } = await chooseRuntime({ runtime: setup.runtime, modelDir: setup.modelDir, threads: 1 });
    analyzer = new PipelineFaceAnalyzer(info, runners);
    port.postMessage({ ready: true } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
    return;
  }
  port.on('message', (msg: WorkerRequest) => {
    analyzer.analyze(msg.image, msg.options).then(
      (faces) => {
        const transfer = faces.flatMap((f) => [f.descriptor.buffer, f.landmarks.buffer]) as ArrayBuffer[];
        port.postMessage({ id: msg.id, faces } satisfies WorkerReply, transfer);
      },
      (err: unknown) =>
        port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
    );
  });
}

void main();
