/**
 * Scan benchmark: our pipeline (core/library scanFolders with createFaceAnalyzer) against the naive face-api
 * pipeline (bench/naive-faceapi.ts) on the same images, ../shared/faces (dev + groups), in the same run:
 * images/s, faces/s, peak memory, the speed ratio, face counts (and how many boxes match), and on dev the
 * mean same-person / different-person distance and the AUC of the largest face per photo. Then our peak
 * memory for 1x and 4x the images (4 copies in a temp dir) to show it stays flat.
 * Each pipeline runs in its own child process so that its peak memory (maxRSS) is its own; model loading is
 * excluded from both timings. FACET_BENCH_SCALES=1 skips the 4x run.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../core/db/connection';
import { iou } from '../core/db/faces-repo';
import { scanFolders } from '../core/library/scan';
import { walkFolder } from '../core/library/walk';
import { auc, pairStats } from '../core/verify';
import { createFaceAnalyzer } from '../core/vision/index';
import type { Box } from '../core/vision/types';
import { runNaive } from './naive-faceapi';

const SHARED_FACES = path.resolve(__dirname, '../../shared/faces');

interface OursResult {
  seconds: number;
  /** CPU time (user + system, all threads) spent by the scan: less distorted than wall time on a busy machine. */
  cpuSeconds: number;
  modelLoadSeconds: number;
  photos: number;
  faces: number;
  errors: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  runtime: string;
}

interface PhotoFaces {
  path: string;
  faces: { box: Box; descriptor: Float32Array }[];
}

/** Child: scan `folders` into `dbFile` with a fresh analyzer; sample RSS while scanning. */
async function scanChild(folders: string[], dbFile: string): Promise<OursResult> {
  const t0 = performance.now();
  const analyzer = await createFaceAnalyzer();
  const modelLoadSeconds = (performance.now() - t0) / 1000;
  let sampled = 0;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 20);
  const db = openDatabase(dbFile);
  const cpu0 = process.cpuUsage();
  const s = await scanFolders(db, folders, { analyzer });
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  db.close();
  await analyzer.dispose();
  return {
    seconds: s.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    modelLoadSeconds,
    photos: s.analysed,
    faces: s.facesFound,
    errors: s.errors,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sampledPeakRssMb: sampled / 2 ** 20,
    runtime: analyzer.runtime.name,
  };
}

function runOurs(folders: string[], dbFile: string, env: NodeJS.ProcessEnv = process.env): Promise<OursResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--scan-child'], {
      env,
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (m: { ok: true; result: OursResult } | { ok: false; error: string }) => {
      child.disconnect();
      if (m.ok) resolve(m.result);
      else reject(new Error(`scan child failed: ${m.error}`));
    });
    child.once('exit', (code) => code && reject(new Error(`scan child exited with code ${code}`)));
    child.send({ folders, dbFile });
  });
}

/** Our faces per photo path, read back from the benchmark database (boxes in original pixels). */
function ourFaces(dbFile: string): Map<string, PhotoFaces> {
  const db = openDatabase(dbFile);
  const out = new Map<string, PhotoFaces>();
  const rows = db
    .prepare(`SELECT p.path, f.x, f.y, f.w, f.h, f.embedding FROM photos p LEFT JOIN faces f ON f.photo_id = p.id`)
    .all() as { path: string; x: number; y: number; w: number; h: number; embedding: Buffer | null }[];
  for (const r of rows) {
    const e = out.get(r.path) ?? { path: r.path, faces: [] };
    out.set(r.path, e);
    if (r.embedding)
      e.faces.push({
        box: { x: r.x, y: r.y, w: r.w, h: r.h },
        descriptor: new Float32Array(new Uint8Array(r.embedding).buffer),
      });
  }
  db.close();
  return out;
}

/** Same/different-person separation of the largest face per dev photo (identity = folder under dev). */
function separation(photos: PhotoFaces[], devRoot: string) {
  const chosen = photos
    .filter((p) => p.path.startsWith(devRoot + path.sep) && p.faces.length)
    .map((p) => ({
      identity: path.relative(devRoot, p.path).split(path.sep)[0],
      d: p.faces.reduce((a, b) => (a.box.w * a.box.h >= b.box.w * b.box.h ? a : b)).descriptor,
    }));
  const ids = [...new Set(chosen.map((c) => c.identity))];
  const vectors = new Float32Array(chosen.length * 128);
  chosen.forEach((c, i) => vectors.set(c.d, i * 128));
  const labels = Int32Array.from(chosen.map((c) => ids.indexOf(c.identity)));
  const s = pairStats(vectors, labels, { maxDiffPairs: Infinity, maxSamePairs: Infinity });
  const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  return {
    photos: chosen.length,
    same: mean(s.same),
    diff: mean(s.diff),
    auc: auc(s),
    pairs: [s.same.length, s.diff.length],
  };
}

/** Greedy one-to-one box matching at IoU >= 0.4 between two pipelines' faces of the same photos. */
function matchedFaces(a: Map<string, PhotoFaces>, b: Map<string, PhotoFaces>): number {
  let n = 0;
  for (const [p, fa] of a) {
    const fb = b.get(p)?.faces ?? [];
    const pairs = fa.faces
      .flatMap((x, i) => fb.map((y, j) => ({ i, j, v: iou(x.box, y.box) })))
      .filter((q) => q.v >= 0.4);
    pairs.sort((x, y) => y.v - x.v);
    const ui = new Set<number>();
    const uj = new Set<number>();
    for (const q of pairs)
      if (!ui.has(q.i) && !uj.has(q.j)) {
        ui.add(q.i);
        uj.add(q.j);
        n++;
      }
  }
  return n;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(path.join(SHARED_FACES, 'dev'))) {
    console.log(`scan: skipped: ${SHARED_FACES} is absent (the shared photo set is not on this machine)`);
    return;
  }
  const sources = [path.join(SHARED_FACES, 'dev'), path.join(SHARED_FACES, 'groups')];
  const limit = Number(process.env.FACET_BENCH_LIMIT) || Infinity; // a quick look: the first N images only
  const originals = (await Promise.all(sources.map((f) => walkFolder(f))))
    .flatMap((w) => w.files.map((x) => x.path))
    .slice(0, limit);
  // Both pipelines read the same copies (same paths, same page cache), laid out as ../shared/faces is.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-bench-'));
  const x1 = path.join(tmp, 'x1');
  const files = originals.map((f) => {
    const dst = path.join(x1, path.relative(SHARED_FACES, f));
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(f, dst);
    return dst;
  });
  const folders = sources.map((f) => path.join(x1, path.basename(f))).filter((f) => fs.existsSync(f));
  console.log(
    `scan: ${files.length} images (../shared/faces dev + groups), ${os.cpus().length} cores, ${os.cpus()[0]?.model}, ` +
      `load average ${os.loadavg()[0].toFixed(1)} at start`,
  );

  const ours = await runOurs(folders, path.join(tmp, 'ours.db'));
  const naive = await runNaive(files);
  const oursFaces = ourFaces(path.join(tmp, 'ours.db'));
  const naiveFaces = new Map<string, PhotoFaces>(naive.perImage.map((p) => [p.path, { path: p.path, faces: p.faces }]));
  const naiveFaceCount = naive.perImage.reduce((n, p) => n + p.faces.length, 0);

  const row = (name: string, photos: number, faces: number, seconds: number, rss: number) =>
    `  ${name.padEnd(8)} ${(photos / seconds).toFixed(2).padStart(7)} img/s ${(faces / seconds).toFixed(2).padStart(7)} faces/s  ` +
    `${faces} faces in ${photos} images, ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB`;
  console.log(
    row(`ours`, ours.photos, ours.faces, ours.seconds, ours.peakRssMb) +
      ` (${ours.runtime}; models load ${ours.modelLoadSeconds.toFixed(1)} s)`,
  );
  console.log(
    row('naive', naive.perImage.length, naiveFaceCount, naive.seconds, naive.peakRssMb) +
      ' (face-api, tfjs-wasm, 1 thread, full size)',
  );
  const ratio = ours.photos / ours.seconds / (naive.perImage.length / naive.seconds);
  console.log(`  speed ratio ours/naive: ${ratio.toFixed(2)}x (issue 17 target >= 10x wall, >= 6x CPU)`);
  const perImg = (cpu: number, n: number) => ((1000 * cpu) / n).toFixed(0);
  console.log(
    `  CPU per image (user+system, all threads): ours ${perImg(ours.cpuSeconds, ours.photos)} ms, naive ` +
      `${perImg(naive.cpuSeconds, naive.perImage.length)} ms; CPU ratio ` +
      `${(naive.cpuSeconds / naive.perImage.length / (ours.cpuSeconds / ours.photos)).toFixed(2)}x (steadier than the ` +
      `wall-clock ratio on a busy machine)`,
  );
  console.log(
    `  faces matched between the two (IoU >= 0.4): ${matchedFaces(oursFaces, naiveFaces)} of ours ${ours.faces} / naive ${naiveFaceCount}`,
  );
  const devRoot = path.join(x1, 'dev');
  for (const [name, m] of [
    ['ours', oursFaces],
    ['naive', naiveFaces],
  ] as const) {
    const s = separation([...m.values()], devRoot);
    console.log(
      `  dev ${name.padEnd(6)} ${s.photos} photos with a face: same-person mean ${s.same.toFixed(3)}, different ${s.diff.toFixed(3)}, ` +
        `gap ${(s.diff - s.same).toFixed(3)}, AUC ${s.auc.toFixed(4)} (${s.pairs[0]} same / ${s.pairs[1]} diff pairs)`,
    );
  }

  if (process.env.FACET_BENCH_SCALES !== '1') {
    // 4 copies of every image: memory must not grow with the library.
    const big = path.join(tmp, 'x4');
    for (let c = 0; c < 4; c++)
      files.forEach((f) => {
        const dst = path.join(big, `copy${c}`, path.relative(x1, f));
        fs.mkdirSync(path.dirname(dst), { recursive: true });
        fs.copyFileSync(f, dst);
      });
    const x4 = await runOurs([big], path.join(tmp, 'x4.db'));
    const mb = (r: OursResult) => `${r.peakRssMb.toFixed(0)} MB`;
    console.log(
      `  memory (peak RSS): 1x ${ours.photos} images ${mb(ours)}, 4x ${x4.photos} images ${mb(x4)} ` +
        `(4x rate ${(x4.photos / x4.seconds).toFixed(2)} img/s)`,
    );
    // glibc keeps freed memory in per-thread arenas (libuv threads run sharp), so RSS creeps up with the number
    // of photos decoded; capping the arenas shows what the pipeline itself holds.
    const capped = { ...process.env, MALLOC_ARENA_MAX: '2' };
    const c1 = await runOurs(folders, path.join(tmp, 'c1.db'), capped);
    const c4 = await runOurs([big], path.join(tmp, 'c4.db'), capped);
    console.log(`  memory with MALLOC_ARENA_MAX=2: 1x ${mb(c1)}, 4x ${mb(c4)}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (process.argv.includes('--scan-child')) {
  process.once('message', (m: { folders: string[]; dbFile: string }) => {
    scanChild(m.folders, m.dbFile).then(
      (result) => process.send!({ ok: true, result }),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.stack : String(err) }),
    );
  });
} else if (require.main === module) void run();
