/**
 * The choice of inference runtime, made here and nowhere else. Fastest first:
 *   onnx-cuda   ONNX Runtime's CUDA provider, when its provider library is installed and a session loads;
 *   onnx-dml    ONNX Runtime's DirectML provider (Windows only), onnx-coreml its CoreML provider (macOS only);
 *   onnx-webgpu ONNX Runtime's bundled WebGPU provider (Dawn: Vulkan/D3D12/Metal), when it initialises and a
 *               smoke run agrees with the CPU;
 *   onnx-cpu    ONNX Runtime on the CPU, graph optimisation 'all', intra-op threads = cores;
 *   tfjs-node-gpu  face-api on @tensorflow/tfjs-node-gpu, only when that optional package is installed;
 *   tfjs-wasm   face-api on tfjs's WASM backend, which always works.
 * FACET_RUNTIME (or the `runtime` option) forces one; a forced runtime that cannot start is an error, not a
 * silent fallback.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANDMARK_INPUT_SIZE } from './image/landmark-input';
import { detectorPrecision, onnxModelPath, type DetectorPrecision } from './model-files';
import type { NetRunners } from './net-runners';
import { createOnnxRunners } from './onnx/onnx-runners';
import { createSession, loadOrt, runNhwc, type OnnxProvider } from './onnx/onnx-session';
import { isTfjsNodeGpuInstalled } from './tfjs/face-api-tfjs';
import { createTfjsRunners } from './tfjs/tfjs-runners';
import type { RuntimeInfo, RuntimeName } from './types';

export const RUNTIME_NAMES: readonly RuntimeName[] = [
  'onnx-cuda',
  'onnx-dml',
  'onnx-coreml',
  'onnx-webgpu',
  'onnx-cpu',
  'tfjs-node-gpu',
  'tfjs-wasm',
];

export interface RuntimeChoiceOptions {
  readonly runtime?: RuntimeName | 'auto';
  readonly modelDir: string;
  /** Intra-op threads for ONNX Runtime on the CPU (default: all cores). */
  readonly threads?: number;
  /** onnx-cpu's precision (default: FACET_PRECISION, see model-files.ts); GPU providers always run float32. */
  readonly precision?: DetectorPrecision;
}

export interface ChosenRuntime {
  readonly info: RuntimeInfo;
  readonly runners: NetRunners;
}

export function parseRuntimeName(value: string): RuntimeName | 'auto' {
  if (value === 'auto' || (RUNTIME_NAMES as readonly string[]).includes(value)) return value as RuntimeName | 'auto';
  throw new Error(`unknown runtime '${value}': use auto or one of ${RUNTIME_NAMES.join(', ')}`);
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // ORT's native errors start with a source path and a C++ signature: keep the sentence that says what failed.
  const failed = /(Failed to [^\n]*)/.exec(text);
  return (failed ? failed[1] : text.split('\n')[0]).slice(0, 160);
}

/** onnxruntime-node downloads its CUDA provider only at install time with network; without it, don't even try. */
function cudaProviderInstalled(): boolean {
  try {
    const bin = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
    const find = (dir: string): boolean =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .some((e) =>
          e.isDirectory() ? find(path.join(dir, e.name)) : /onnxruntime_providers_cuda\.(so|dll)$/.test(e.name),
        );
    return find(bin);
  } catch {
    return false;
  }
}

/**
 * Dawn (ORT's WebGPU) needs the Vulkan loader on Linux; without it the provider only fails, noisily, on stderr.
 * Looks in the usual library folders, LD_LIBRARY_PATH, then the linker cache.
 */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/lib64',
  ];
  if (dirs.some((d) => fs.existsSync(path.join(d, 'libvulkan.so.1')))) return true;
  const cache = spawnSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 2000 });
  return typeof cache.stdout === 'string' && cache.stdout.includes('libvulkan.so.1');
}

/**
 * Creates a GPU session for the small landmark net and checks one run against the CPU: a provider that loads
 * but computes garbage (or nothing) is not used.
 */
async function smokeTestGpu(provider: OnnxProvider, modelDir: string): Promise<void> {
  const file = onnxModelPath(modelDir, 'landmarks');
  const S = LANDMARK_INPUT_SIZE;
  const input = new Float32Array(S * S * 3);
  for (let i = 0; i < input.length; i++) input[i] = (i * 37) % 256;
  const gpu = await createSession(file, { provider, threads: 1 });
  const cpu = await createSession(file, { provider: 'cpu', threads: 1 });
  try {
    const [a, b] = [(await runNhwc(gpu, input, 1, S)).landmarks, (await runNhwc(cpu, input, 1, S)).landmarks];
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    if (!(maxDiff < 1e-3)) throw new Error(`smoke run differs from the CPU by ${maxDiff}`);
  } finally {
    await Promise.all([gpu.release(), cpu.release()]);
  }
}

async function startOnnx(provider: OnnxProvider, opts: RuntimeChoiceOptions): Promise<NetRunners> {
  if (provider === 'dml' && process.platform !== 'win32') throw new Error('DirectML exists only on Windows');
  if (provider === 'coreml' && process.platform !== 'darwin') throw new Error('CoreML exists only on macOS');
  if (provider === 'webgpu' && !vulkanLoaderPresent()) {
    throw new Error('no Vulkan loader (libvulkan.so.1), which WebGPU needs on Linux');
  }
  if (provider === 'cuda' && !cudaProviderInstalled()) {
    throw new Error('CUDA provider library not installed (onnxruntime-node fetches it at install, with network)');
  }
  if (provider !== 'cpu') await smokeTestGpu(provider, opts.modelDir);
  const threads = provider === 'cpu' ? (opts.threads ?? os.availableParallelism()) : 1;
  // Integer kernels pay on the CPU; GPU providers run the float32 graphs they are built for.
  const precision = provider === 'cpu' ? (opts.precision ?? detectorPrecision()) : 'float32';
  return createOnnxRunners(opts.modelDir, { provider, threads }, precision);
}

async function start(name: RuntimeName, opts: RuntimeChoiceOptions): Promise<NetRunners> {
  switch (name) {
    case 'onnx-cuda':
      return startOnnx('cuda', opts);
    case 'onnx-dml':
      return startOnnx('dml', opts);
    case 'onnx-coreml':
      return startOnnx('coreml', opts);
    case 'onnx-webgpu':
      return startOnnx('webgpu', opts);
    case 'onnx-cpu':
      return startOnnx('cpu', opts);
    case 'tfjs-node-gpu':
      if (!isTfjsNodeGpuInstalled()) throw new Error('@tensorflow/tfjs-node-gpu is not installed');
      return createTfjsRunners(opts.modelDir, 'node-gpu');
    case 'tfjs-wasm':
      return createTfjsRunners(opts.modelDir, 'wasm');
  }
}

const GPU: Record<RuntimeName, boolean> = {
  'onnx-cuda': true,
  'onnx-dml': true,
  'onnx-coreml': true,
  'onnx-webgpu': true,
  'onnx-cpu': false,
  'tfjs-node-gpu': true,
  'tfjs-wasm': false,
};

function describeCpu(name: RuntimeName, opts: RuntimeChoiceOptions): string {
  if (name === 'onnx-cpu')
    return `onnxruntime-node ${loadOrt().env.versions.common} on the CPU, ${opts.threads ?? os.availableParallelism()} threads, ${opts.precision ?? detectorPrecision()} SSD and recognition net`;
  if (name === 'tfjs-wasm') return 'face-api on tfjs WASM, one thread';
  return name;
}

/** The runtime FACET_RUNTIME (first) or the option forces, and which of the two did; null for auto. */
export function forcedRuntime(option?: RuntimeName | 'auto'): { name: RuntimeName; source: string } | null {
  const env = process.env.FACET_RUNTIME;
  const wanted = env ? parseRuntimeName(env) : option;
  if (!wanted || wanted === 'auto') return null;
  return { name: wanted, source: env ? 'FACET_RUNTIME' : 'the runtime option' };
}

export async function chooseRuntime(opts: RuntimeChoiceOptions): Promise<ChosenRuntime> {
  const forced = forcedRuntime(opts.runtime);
  if (forced) {
    const { name: wanted, source } = forced;
    try {
      const runners = await start(wanted, opts);
      return {
        runners,
        info: { name: wanted, gpu: GPU[wanted], reason: `${describeCpu(wanted, opts)}: forced by ${source}` },
      };
    } catch (err) {
      throw new Error(`runtime ${wanted} (forced by ${source}) cannot start: ${message(err)}`, { cause: err });
    }
  }
  const skipped: string[] = [];
  for (const name of RUNTIME_NAMES) {
    try {
      const runners = await start(name, opts);
      const why = skipped.length ? `; not faster ones: ${skipped.join('; ')}` : '';
      return { runners, info: { name, gpu: GPU[name], reason: `${describeCpu(name, opts)}${why}` } };
    } catch (err) {
      skipped.push(`${name}: ${message(err)}`);
    }
  }
  throw new Error(`no inference runtime could start: ${skipped.join('; ')}`);
}
