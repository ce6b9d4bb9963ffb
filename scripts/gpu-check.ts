/**
 * `npm run gpu-check`: one run on a machine with a GPU, installing nothing. Analyses face-api's demo photos (and
 * ../shared/faces/dev when it is there) on onnx-cpu in float32 (the GPU providers' arithmetic), then on each GPU
 * runtime (onnx-cuda, onnx-webgpu) that starts, and prints for each: img/s, faces found, how many match the CPU's (IoU >= 0.4) and the largest
 * descriptor distance to the CPU's. A runtime that cannot start is reported with the reason. Exit status 1 only
 * when a GPU runtime started and gave different faces (a wrong GPU result must not go unnoticed); 0 otherwise.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePhoto } from '../core/library/decode';
import { PipelineFaceAnalyzer } from '../core/vision/face-analyzer';
import { resolveModelDir } from '../core/vision/model-files';
import { chooseRuntime } from '../core/vision/runtime';
import { decodeSamples, SHARED_DEV_DIR } from '../core/vision/testing/sample-images';
import type { AnalyzedFace, Box, RgbImage, RuntimeName } from '../core/vision/types';

export const GPU_RUNTIMES: readonly RuntimeName[] = ['onnx-cuda', 'onnx-webgpu'];
/** Largest descriptor distance (unit vectors) still called the same face: float32 kernels differ by ~1e-3. */
export const SAME_DESCRIPTOR_MAX = 0.02;

export interface RuntimeRun {
  readonly name: RuntimeName;
  readonly reason: string;
  readonly imagesPerSecond: number;
  readonly faces: AnalyzedFace[][];
}

export type CheckOutcome =
  | { readonly kind: 'unavailable'; readonly name: RuntimeName; readonly why: string }
  | {
      readonly kind: 'ran';
      readonly run: RuntimeRun;
      readonly agreement: Agreement;
    };

export interface Agreement {
  readonly cpuFaces: number;
  readonly faces: number;
  readonly matched: number;
  readonly maxDescriptorDistance: number;
  readonly same: boolean;
}

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** Greedy one-to-one matching per image (highest IoU first, IoU >= 0.4), as the scan bench matches boxes. */
export function compareFaces(cpu: AnalyzedFace[][], other: AnalyzedFace[][]): Agreement {
  let matched = 0;
  let maxDescriptorDistance = 0;
  cpu.forEach((a, img) => {
    const b = other[img] ?? [];
    const pairs = a.flatMap((x, i) => b.map((y, j) => ({ i, j, v: iou(x.box, y.box) }))).filter((p) => p.v >= 0.4);
    pairs.sort((p, q) => q.v - p.v);
    const ui = new Set<number>();
    const uj = new Set<number>();
    for (const p of pairs) {
      if (ui.has(p.i) || uj.has(p.j)) continue;
      ui.add(p.i);
      uj.add(p.j);
      matched++;
      maxDescriptorDistance = Math.max(maxDescriptorDistance, distance(a[p.i].descriptor, b[p.j].descriptor));
    }
  });
  const cpuFaces = cpu.reduce((n, f) => n + f.length, 0);
  const faces = other.reduce((n, f) => n + f.length, 0);
  const same = matched === cpuFaces && matched === faces && maxDescriptorDistance <= SAME_DESCRIPTOR_MAX;
  return { cpuFaces, faces, matched, maxDescriptorDistance, same };
}

/** Starts `name` (forced, so a failure says why), analyses every image after one warm-up image, and times it. */
async function runRuntime(name: RuntimeName, modelDir: string, images: RgbImage[]): Promise<RuntimeRun> {
  // The CPU reference runs float32, as the GPU providers do: int8 descriptors sit up to ~0.1 away (lag_aging).
  const { info, runners } = await chooseRuntime({ runtime: name, modelDir, precision: 'float32' });
  const analyzer = new PipelineFaceAnalyzer(info, runners);
  try {
    await analyzer.analyze(images[0]); // warm-up: GPU providers compile kernels on the first run
    const t0 = performance.now();
    const faces: AnalyzedFace[][] = [];
    for (const image of images) faces.push(await analyzer.analyze(image));
    const seconds = (performance.now() - t0) / 1000;
    return { name, reason: info.reason, imagesPerSecond: images.length / seconds, faces };
  } finally {
    await analyzer.dispose();
  }
}

export async function checkRuntimes(
  images: RgbImage[],
  modelDir: string,
  gpuRuntimes: readonly RuntimeName[] = GPU_RUNTIMES,
): Promise<{ cpu: RuntimeRun; outcomes: CheckOutcome[] }> {
  const cpu = await runRuntime('onnx-cpu', modelDir, images);
  const outcomes: CheckOutcome[] = [];
  for (const name of gpuRuntimes) {
    try {
      const run = await runRuntime(name, modelDir, images);
      outcomes.push({ kind: 'ran', run, agreement: compareFaces(cpu.faces, run.faces) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      outcomes.push({ kind: 'unavailable', name, why });
    }
  }
  return { cpu, outcomes };
}

function listDevPhotos(): string[] {
  if (!fs.existsSync(SHARED_DEV_DIR)) return [];
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) =>
        e.isDirectory()
          ? walk(path.join(dir, e.name))
          : /\.(jpe?g|png|webp)$/i.test(e.name)
            ? [path.join(dir, e.name)]
            : [],
      );
  return walk(SHARED_DEV_DIR);
}

function gpuHardware(): string {
  const smi = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (smi.error) return `nvidia-smi not found (${(smi.error as NodeJS.ErrnoException).code ?? smi.error.message})`;
  return (smi.stdout || smi.stderr).trim().split('\n').join('; ') || `nvidia-smi exited with ${smi.status}`;
}

export function formatOutcome(o: CheckOutcome, cpu: RuntimeRun): string {
  if (o.kind === 'unavailable') return `${o.name.padEnd(12)} UNAVAILABLE: ${o.why}`;
  const a = o.agreement;
  return (
    `${o.run.name.padEnd(12)} ${o.run.imagesPerSecond.toFixed(2)} img/s (${(o.run.imagesPerSecond / cpu.imagesPerSecond).toFixed(2)}x onnx-cpu); ` +
    `faces ${a.faces} vs cpu ${a.cpuFaces}, matched ${a.matched}, max descriptor distance ` +
    `${a.maxDescriptorDistance.toExponential(2)}: ${a.same ? 'SAME faces as onnx-cpu' : 'DIFFERENT from onnx-cpu'}\n` +
    `${''.padEnd(13)}${o.run.reason}`
  );
}

async function main(): Promise<void> {
  // The check forces each runtime itself; an inherited FACET_RUNTIME would override every choice.
  delete process.env.FACET_RUNTIME;
  const modelDir = resolveModelDir();
  const dev = listDevPhotos();
  const images = [
    ...(await decodeSamples()),
    ...(await Promise.all(dev.map(async (f) => (await decodePhoto(f)).image))),
  ];
  console.log(
    `gpu-check: ${images.length} images (face-api demo 6${dev.length ? ` + ../shared/faces/dev ${dev.length}` : '; ../shared/faces/dev absent'}), ` +
      `${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? '?'}), GPU: ${gpuHardware()}`,
  );
  const { cpu, outcomes } = await checkRuntimes(images, modelDir);
  const cpuFaces = cpu.faces.reduce((n, f) => n + f.length, 0);
  console.log(
    `${'onnx-cpu'.padEnd(12)} ${cpu.imagesPerSecond.toFixed(2)} img/s, ${cpuFaces} faces (float32, the reference)`,
  );
  for (const o of outcomes) console.log(formatOutcome(o, cpu));
  const ran = outcomes.filter((o) => o.kind === 'ran');
  if (ran.length === 0) console.log('gpu-check: no GPU runtime could start here (reasons above); nothing to compare.');
  if (ran.some((o) => !o.agreement.same)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`gpu-check: ${err.stack ?? err.message}`);
    process.exit(2);
  });
}
