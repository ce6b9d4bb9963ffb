/**
 * The naive baseline the scan benchmark compares against: what a developer writes first with face-api —
 * full-size decode, then `detectAllFaces(SSD, minConfidence 0.5).withFaceLandmarks().withFaceDescriptors()` on
 * tfjs's WASM backend, one thread, one image at a time. Runs in a child process so that its peak memory
 * (maxRSS) is its own and not the benchmark's.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';

export interface NaiveFace {
  box: { x: number; y: number; w: number; h: number };
  descriptor: Float32Array;
}
export interface NaiveResult {
  perImage: { path: string; faces: NaiveFace[]; error?: string }[];
  seconds: number;
  /** CPU time (user + system, all threads) of the timed loop, model loading excluded. */
  cpuSeconds: number;
  peakRssMb: number;
}

type WireResult = Omit<NaiveResult, 'perImage'> & {
  perImage: { path: string; faces: { box: NaiveFace['box']; descriptor: number[] }[]; error?: string }[];
};

function modelDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

async function runInThisProcess(files: string[]): Promise<WireResult> {
  sharp.concurrency(1);

  const faceapi =
    require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
  const tf = faceapi.tf as unknown as {
    setBackend(b: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(d: Uint8Array, s: number[], t: string): { dispose(): void };
  };
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir());
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir());
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir());
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });

  const perImage: WireResult['perImage'] = [];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    try {
      const { data, info } = await sharp(file)
        .rotate()
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const input = tf.tensor3d(
        new Uint8Array(data.buffer, data.byteOffset, data.length),
        [info.height, info.width, 3],
        'int32',
      );
      const results = await faceapi
        .detectAllFaces(input as never, options)
        .withFaceLandmarks()
        .withFaceDescriptors();
      input.dispose();
      perImage.push({
        path: file,
        faces: results.map((r) => ({
          box: { x: r.detection.box.x, y: r.detection.box.y, w: r.detection.box.width, h: r.detection.box.height },
          descriptor: Array.from(r.descriptor),
        })),
      });
    } catch (err) {
      perImage.push({ path: file, faces: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perImage,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs the naive pipeline over `files` in a fresh child process; `seconds` excludes model loading. */
export function runNaive(files: string[]): Promise<NaiveResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--naive-child'], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let done = false;
    child.once('message', (msg: { ok: true; result: WireResult } | { ok: false; error: string }) => {
      done = true;
      if (!msg.ok) return reject(new Error(`naive pipeline failed: ${msg.error}`));
      const r = msg.result;
      resolve({
        ...r,
        perImage: r.perImage.map((p) => ({
          ...p,
          faces: p.faces.map((f) => ({ box: f.box, descriptor: Float32Array.from(f.descriptor) })),
        })),
      });
      child.disconnect();
    });
    child.once('exit', (code) => {
      if (!done) reject(new Error(`naive pipeline child exited with code ${code}`));
    });
    child.send({ files });
  });
}

if (process.argv.includes('--naive-child')) {
  // A parent that dies (Ctrl+C, kill) must not leave this child computing for nobody.
  process.once('disconnect', () => process.exit(1));
  process.once('message', (msg: { files: string[] }) => {
    runInThisProcess(msg.files).then(
      (result) => process.send!({ ok: true, result }),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
