/**
 * The vision engine's front door: `createFaceAnalyzer()` picks the runtime (runtime.ts), loads the three networks
 * once and returns a `FaceAnalyzer`. FACET_RUNTIME overrides the choice; FACET_MODEL_DIR the model folder.
 */
import { PipelineFaceAnalyzer } from './face-analyzer';
import { resolveModelDir } from './model-files';
import { chooseRuntime } from './runtime';
import type { FaceAnalyzer, RuntimeName } from './types';

export interface CreateFaceAnalyzerOptions {
  readonly runtime?: RuntimeName | 'auto';
  readonly modelDir?: string;
  /** Intra-op threads for ONNX Runtime on the CPU (default: all cores; 1 when one analyzer runs per worker). */
  readonly threads?: number;
}

export async function createFaceAnalyzer(opts: CreateFaceAnalyzerOptions = {}): Promise<FaceAnalyzer> {
  const modelDir = resolveModelDir(opts.modelDir);
  const { info, runners } = await chooseRuntime({ runtime: opts.runtime, modelDir, threads: opts.threads });
  return new PipelineFaceAnalyzer(info, runners);
}

export { PipelineFaceAnalyzer, type StageTimes } from './face-analyzer';
export { parseRuntimeName, RUNTIME_NAMES } from './runtime';
export * from './types';
