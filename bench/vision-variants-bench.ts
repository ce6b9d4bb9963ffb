/**
 * Pipeline variants on the shared photos, each against the first (the reference) in the same run: the SSD's
 * precision (float32 / int8), flip averaging on / off, and the no-face retries before (edge-coloured borders only)
 * and now (then contrast-stretched with grey borders). On ../shared/faces dev + groups: faces found, faces
 * matched to the reference's (IoU >= 0.4, one to one), descriptor distance to the reference's, dev AUC of the
 * largest face per photo, per-stage ms and CPU ms per image (one single-threaded session, as each scan worker
 * runs). FACET_BENCH_HARD=1 adds photos without a face on each set of ../shared/faces/hard, retries before / now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodePhoto } from '../core/library/decode';
import { auc, pairStats } from '../core/verify';
import { PipelineFaceAnalyzer, type StageTimes } from '../core/vision/face-analyzer';
import { NO_FACE_RETRIES, type RetryPass } from '../core/vision/image/no-face-retries';
import { resolveModelDir, type DetectorPrecision } from '../core/vision/model-files';
import { createOnnxRunners } from '../core/vision/onnx/onnx-runners';
import type { AnalyzedFace, RgbImage } from '../core/vision/types';
import { compareFaces } from '../scripts/gpu-check';

const SHARED_FACES = path.resolve(__dirname, '../../shared/faces');
const STAGES = ['detect', 'landmarks', 'align', 'describe'] as const;

interface Variant {
  readonly name: string;
  readonly precision: DetectorPrecision;
  readonly flip: boolean;
  readonly retries?: readonly RetryPass[];
}
/** The no-face retries before issue 12's second round: edge-coloured borders only. */
const EDGE_RETRIES = NO_FACE_RETRIES.filter((p) => p.fill === 'edge' && !p.stretch);
const BEFORE: Variant = { name: 'int8, edge retries', precision: 'int8', flip: true, retries: EDGE_RETRIES };
const NOW: Variant = { name: 'int8 SSD, flip on', precision: 'int8', flip: true };
const VARIANTS: Variant[] = [
  { name: 'float32 SSD, flip on', precision: 'float32', flip: true },
  BEFORE,
  NOW,
  { name: 'int8 SSD, flip off', precision: 'int8', flip: false },
];

function listImages(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? listImages(path.join(dir, e.name))
        : /\.(jpe?g|png|webp)$/i.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

async function analyseAll(v: Variant, images: RgbImage[]) {
  const runners = await createOnnxRunners(resolveModelDir(), { provider: 'cpu', threads: 1 }, v.precision);
  const info = { name: 'onnx-cpu', gpu: false, reason: v.name } as const;
  const analyzer = new PipelineFaceAnalyzer(info, runners, v.flip, v.retries ?? NO_FACE_RETRIES);
  await analyzer.analyze(images[0]); // warm-up
  Object.assign(analyzer.stageTimes, {
    images: 0,
    faces: 0,
    detect: 0,
    landmarks: 0,
    align: 0,
    describe: 0,
    exactDetections: 0,
  });
  const cpu0 = process.cpuUsage();
  const faces: AnalyzedFace[][] = [];
  for (const image of images) faces.push(await analyzer.analyze(image));
  const cpu = process.cpuUsage(cpu0);
  const times: StageTimes = { ...analyzer.stageTimes };
  await analyzer.dispose();
  return { faces, times, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** AUC of the largest face per dev photo (identity = folder), all pairs. */
function devAuc(files: string[], faces: AnalyzedFace[][], devRoot: string): { photos: number; auc: number } {
  const chosen = files
    .map((f, i) => ({ f, faces: faces[i] }))
    .filter((x) => x.f.startsWith(devRoot + path.sep) && x.faces.length)
    .map((x) => ({
      id: path.relative(devRoot, x.f).split(path.sep)[0],
      d: x.faces.reduce((a, b) => (a.box.w * a.box.h >= b.box.w * b.box.h ? a : b)).descriptor,
    }));
  const ids = [...new Set(chosen.map((c) => c.id))];
  const vectors = new Float32Array(chosen.length * 128);
  chosen.forEach((c, i) => vectors.set(c.d, i * 128));
  const labels = Int32Array.from(chosen.map((c) => ids.indexOf(c.id)));
  return {
    photos: chosen.length,
    auc: auc(pairStats(vectors, labels, { maxDiffPairs: Infinity, maxSamePairs: Infinity })),
  };
}

export async function run(): Promise<void> {
  const devRoot = path.join(SHARED_FACES, 'dev');
  const files = [...listImages(devRoot), ...listImages(path.join(SHARED_FACES, 'groups'))];
  if (!files.length) {
    console.log(`vision-variants: skipped: ${SHARED_FACES} is absent`);
    return;
  }
  const images = await Promise.all(files.map(async (f) => (await decodePhoto(f)).image));
  console.log(`vision-variants: ${images.length} images (../shared/faces dev + groups), one ORT thread`);
  let reference: AnalyzedFace[][] | null = null;
  for (const v of VARIANTS) {
    const r = await analyseAll(v, images);
    const n = r.times.images;
    const stages = STAGES.map((s) => `${s} ${(r.times[s] / n).toFixed(1)}`).join(', ');
    const total = STAGES.reduce((t, s) => t + r.times[s], 0) / n;
    const a = compareFaces(reference ?? r.faces, r.faces);
    reference ??= r.faces;
    const dev = devAuc(files, r.faces, devRoot);
    console.log(
      `  ${v.name.padEnd(22)} ${r.times.faces} faces, ${a.matched} matched to the reference's ${a.cpuFaces}, ` +
        `max descriptor distance to it ${a.maxDescriptorDistance.toFixed(4)}; dev ${dev.photos} photos, AUC ` +
        `${dev.auc.toFixed(5)}; ms/image: ${stages}, total ${total.toFixed(1)}, CPU ${(r.cpuMs / n).toFixed(1)}; ${r.times.exactDetections} photos ` +
        `re-detected in float32`,
    );
  }
  if (process.env.FACET_BENCH_HARD === '1') {
    for (const set of ['fiw_kinship', 'lag_aging', 'att_orl_faces']) {
      const hard = listImages(path.join(SHARED_FACES, 'hard', set));
      if (!hard.length) continue;
      const imgs = await Promise.all(hard.map(async (f) => (await decodePhoto(f)).image));
      for (const v of [BEFORE, NOW]) {
        const r = await analyseAll(v, imgs);
        const none = r.faces.filter((f) => f.length === 0).length;
        const ms = STAGES.reduce((t, s) => t + r.times[s], 0) / r.times.images;
        console.log(
          `  hard/${set.padEnd(13)} ${none} of ${hard.length} photos without a face ` +
            `(${((100 * none) / hard.length).toFixed(1)}%), ${ms.toFixed(1)} ms/image (${v.name})`,
        );
      }
    }
  }
}
