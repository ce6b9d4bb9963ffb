/**
 * The vision engine's front door: `createFaceAnalyzer()` picks the runtime (runtime.ts), loads the three networks
 * once and returns a `FaceAnalyzer`. FACET_RUNTIME overrides the choice; FACET_MODEL_DIR the model folder.
 */
import os from 'node:os';
import { PipelineFaceAnalyzer } from './face-analyzer';
import { resolveModelDir } from './model-files';
import { chooseRuntime, forcedRuntime } from './runtime';
import type { FaceAnalyzer, RuntimeName } from './types';
import { WorkerPoolFaceAnalyzer } from './worker/worker-pool-analyzer';

export interface CreateFaceAnalyzerOptions {
  readonly runtime?: RuntimeName | 'auto';
  readonly modelDir?: string;
  /**
   * Intra-op threads for ONNX Runtime on the CPU, or worker threads for tfjs-wasm (default: all cores; 1 when the
   * caller already runs one analyzer per worker).
   */
  readonly threads?: number;
}

export async function createFaceAnalyzer(opts: CreateFaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
  const modelDir = resolveModelDir(opts.modelDir);
  const workers = opts.threads ?? os.availableParallelism();
  const forced = forcedRuntime(opts.runtime);
  if (forced?.name === 'tfjs-wasm' && workers > 1) {
    const reason = `face-api on tfjs WASM, one thread per worker: forced by ${forced.source}`;
    return WorkerPoolFaceAnalyzer.start('tfjs-wasm', modelDir, workers, { name: 'tfjs-wasm', gpu: false, reason });
  }
  const { info, runners } = await chooseRuntime({ runtime: opts.runtime, modelDir, threads: opts.threads });
  if (info.name === 'tfjs-wasm' && workers > 1) {
    // tfjs-wasm is single-threaded in Node: one worker thread per core instead.
    await runners.dispose();
    return WorkerPoolFaceAnalyzer.start('tfjs-wasm', modelDir, workers, info);
  }
  if (info.name === 'onnx-cpu' && opts.threads === undefined && workers > 1) {
    // An ORT run blocks the thread that calls it, so one session with N intra-op threads leaves the cores idle
    // while that thread resizes, aligns and decodes boxes. One single-threaded session per worker overlaps that
    // work with inference: measured 17.7 s vs 21.4 s for the 131 dev+group photos on 2 cores.
    await runners.dispose();
    const reason = info.reason.replace(/, \d+ threads/, `, one single-threaded session per worker`);
    return WorkerPoolFaceAnalyzer.start('onnx-cpu', modelDir, workers, { ...info, reason });
  }
  return new PipelineFaceAnalyzer(info, runners);
}

export { PipelineFaceAnalyzer, type StageTimes } from './face-analyzer';
export { WorkerPoolFaceAnalyzer } from './worker/worker-pool-analyzer';
export { parseRuntimeName, RUNTIME_NAMES } from './runtime';
export * from './types';
