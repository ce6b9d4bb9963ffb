/**
 * Why the engine runs in a worker (electron/engine-worker.ts): how long the main thread (which in the app draws
 * the window and routes IPC) stalls while a scan of the face-api demo photos runs, with the engine in-process vs
 * in the worker; and what the worker hop costs per call (library.status round trips). Plain Node, no Electron.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiContext } from '../core/api/api-context';
import type { JobInfo } from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import { engine } from '../core/api/engine';
import { openDatabase } from '../core/db/connection';
import { EngineClient } from '../electron/engine-client';
import { spawnTsWorker } from '../electron/testing/spawn-ts-worker';

const SAMPLES = path.join(__dirname, '..', 'node_modules', '@vladmandic', 'face-api', 'demo');

function library(): { dir: string; photos: string; db: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-bench-shell-'));
  const photos = path.join(dir, 'photos');
  fs.mkdirSync(photos);
  for (let i = 1; i <= 6; i++)
    fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(photos, `sample${i}.jpg`));
  return { dir, photos, db: path.join(dir, 'library.db') };
}

/** Lateness of a 10 ms timer on this thread: what a window's event loop would feel. */
function stallMeter() {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(now - last - 10);
    last = now;
  }, 10);
  return () => {
    clearInterval(timer);
    late.sort((a, b) => a - b);
    const at = (q: number) => late[Math.min(late.length - 1, Math.floor(q * late.length))] ?? 0;
    return { max: at(1), p99: at(0.99) };
  };
}

async function untilScanEnds(last: () => JobInfo | null): Promise<JobInfo> {
  for (;;) {
    const job = last();
    if (job && job.kind === 'scan' && job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function inProcess(): Promise<void> {
  const lib = library();
  const db = openDatabase(lib.db);
  const ctx = createApiContext(db, () => engine.createFaceAnalyzer());
  let job: JobInfo | null = null;
  ctx.events.on('job', (j) => (job = j));
  const stop = stallMeter();
  const t = performance.now();
  await dispatch(ctx, 'library.addFolder', { path: lib.photos, scan: true });
  const end = await untilScanEnds(() => job);
  const s = stop();
  console.log(
    `in-process: scan ${end.state} ${end.done}/${end.total} photos in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `main-thread stall max ${s.max.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`,
  );
  await ctx.loadedAnalyzer()?.dispose();
  db.close();
  fs.rmSync(lib.dir, { recursive: true, force: true });
}

async function inWorker(): Promise<void> {
  const lib = library();
  const t0 = performance.now();
  const client = new EngineClient(() =>
    spawnTsWorker(path.join(__dirname, '..', 'electron', 'engine-worker.ts'), { dbPath: lib.db }),
  );
  await client.call('library.status', {});
  const startMs = performance.now() - t0;
  const rtt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await client.call('library.status', {});
    rtt.push(performance.now() - t);
  }
  rtt.sort((a, b) => a - b);
  let job: JobInfo | null = null;
  client.onEvent((name, payload) => {
    if (name === 'job') job = payload as JobInfo;
  });
  const stop = stallMeter();
  const t = performance.now();
  await client.call('library.addFolder', { path: lib.photos, scan: true });
  const end = await untilScanEnds(() => job);
  const s = stop();
  console.log(
    `worker: first answer ${startMs.toFixed(0)} ms after spawn (tsx); library.status round trip median ` +
      `${rtt[100].toFixed(2)} ms, p95 ${rtt[190].toFixed(2)} ms (empty library)`,
  );
  console.log(
    `worker: scan ${end.state} ${end.done}/${end.total} photos in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `main-thread stall max ${s.max.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`,
  );
  await client.close();
  fs.rmSync(lib.dir, { recursive: true, force: true });
}

export async function run(): Promise<void> {
  console.log(`${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  await inProcess();
  await inWorker();
}
