/**
 * One ONNX Runtime session per network, created once and reused. The execution provider list is decided by
 * runtime.ts; graph optimisation 'all' and intra-op threads = cores (notes/onnx-runtime-probe.md: 6x tfjs-WASM
 * on one thread, 11x on two).
 */
import type * as Ort from 'onnxruntime-node';

export type OnnxProvider = 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';

export interface OnnxSessionOptions {
  readonly provider: OnnxProvider;
  readonly threads: number;
}

export function loadOrt(): typeof Ort {
  // Loaded lazily: a platform without onnxruntime binaries must still reach the tfjs fallback.

  return require('onnxruntime-node') as typeof Ort;
}

export async function createSession(file: string, opts: OnnxSessionOptions): Promise<Ort.InferenceSession> {
  const ort = loadOrt();
  return ort.InferenceSession.create(file, {
    executionProviders: [opts.provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
    // Idle intra-op threads sleep instead of spinning: on a busy desktop (or a shared 2-core box, where spinning
    // cost ~40% more CPU per SSD run, measured under load) the scan must not burn cores it is not using.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
}

/** Runs a single-input, NHWC float32 network and returns its outputs' data by name. */
export async function runNhwc(
  session: Ort.InferenceSession,
  data: Float32Array,
  n: number,
  size: number,
): Promise<Record<string, Float32Array>> {
  const ort = loadOrt();
  const input = new ort.Tensor('float32', data.subarray(0, n * size * size * 3), [n, size, size, 3]);
  const out = await session.run({ image: input });
  const result: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(out)) result[name] = t.data as Float32Array;
  return result;
}
