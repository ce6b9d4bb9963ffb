/**
 * The scan use case: add folders, walk them, analyse new or changed photos, forget photos that are gone.
 *
 * Pipeline: `prepare` (hash + decode, async in libuv threads) runs up to `decodeAhead` photos ahead of
 * `analyse` (inference), and each result is committed in its own transaction as soon as it is ready, so
 * memory stays flat whatever the library size and a kill loses at most the photos in flight. People are
 * updated after each batch of commits (`updatePeopleAfterScan`) and at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { addFolder } from '../db/folders-repo';
import { ensureBackboneModel } from '../db/models-repo';
import { deletePhotos, getPhoto, markPhotosMissing, userLabelsOfPhotos, type PhotoLabels } from '../db/photos-repo';
import { orderedMap } from '../jobs/ordered-map';
import { RateMeter } from '../jobs/rate';
import { applyXmpFaceNames } from '../labels/xmp/xmp-labels';
import { updatePeopleAfterScan } from '../people/after-scan';
import { withWriterLock } from '../safety/writer-lock';
import { createFaceAnalyzer } from '../vision/index';
import { BACKBONE_MODEL_NAME, type AnalyzeOptions, type FaceAnalyzer, type RuntimeInfo } from '../vision/types';
import { ANALYSIS_FAILED, analysePhoto, commitPhoto, preparePhoto } from './photo-analysis';
import { saveRuntimeInfo } from './runtime-setting';
import { planFolder, type FolderPlan, type WorkItem } from './scan-plan';
import { walkFolder, type WalkResult } from './walk';
import { resolveLossyPath, toFsPath } from '../files/fs-name';

export interface ScanProgress {
  readonly phase: 'walking' | 'analysing' | 'finishing';
  /** Photos finished (analysed, moved or failed) out of those that needed work. */
  readonly done: number;
  readonly total: number;
  readonly facesFound: number;
  readonly errors: number;
  /** Photos per second over the recent past, null until measurable. */
  readonly photosPerSecond: number | null;
  readonly etaSeconds: number | null;
  readonly currentPath: string | null;
}

export interface FolderScanSummary {
  readonly folderId: number;
  readonly path: string;
  readonly files: number;
  /** False when the folder was missing or the walk was cut short: then nothing of it was removed. */
  readonly complete: boolean;
  readonly unreadable: { path: string; reason: string }[];
}

export interface ScanSummary {
  readonly folders: FolderScanSummary[];
  /** Photo files seen by the walks. */
  readonly photosSeen: number;
  readonly unchanged: number;
  readonly analysed: number;
  readonly moved: number;
  /** Photos gone from disk that held no user label: forgotten. */
  readonly removed: number;
  /**
   * Photos gone from disk that hold user labels: kept, marked missing, until the file is found again (same path,
   * or moved: by content) or the user confirms removal (`facet missing --forget`). Each with what it would drop.
   */
  readonly missing: PhotoLabels[];
  /** Photos that failed this time (corrupt, truncated, ...), not counting unsupported formats. */
  readonly errors: number;
  /** Files in formats this build cannot decode (HEIC, RAW...), recorded as photo errors. */
  readonly unsupported: number;
  readonly facesFound: number;
  readonly cancelled: boolean;
  /** The runtime that ran inference; null when nothing needed inference. */
  readonly runtime: RuntimeInfo | null;
  readonly seconds: number;
}

export interface ScanOptions {
  /** The analyzer to use; when absent one is created (createFaceAnalyzer) only if some photo needs inference. */
  readonly analyzer?: FaceAnalyzer;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ScanProgress) => void;
  readonly analyzeOptions?: AnalyzeOptions;
  /** Photos hashed and decoded ahead of inference (memory: about 3 MB each). Default 3 (or workers + 1). */
  readonly decodeAhead?: number;
  /** Concurrent analyze() calls. Default: the analyzer's `concurrency` (a worker pool's size), else 1. */
  readonly analyzeConcurrency?: number;
  /** Photos committed between people updates. Default 50. */
  readonly batchSize?: number;
}

export class ScanInputError extends Error {}

const MAX_ANALYSIS_FAILURES_IN_A_ROW = 5;

/** Calls an analyzer can take at once: a worker pool says how many workers it has; others take one. */
function concurrencyOf(a: FaceAnalyzer): number {
  const n = (a as { concurrency?: unknown }).concurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
}

/** One scan (or other writer) per library at a time, across processes: a second is refused (core/safety). */
export async function scanFolders(db: Database, folders: string[], opts: ScanOptions = {}): Promise<ScanSummary> {
  return withWriterLock(db.name, 'scan', () => scanUnderLock(db, folders, opts));
}

async function scanUnderLock(db: Database, folders: string[], opts: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const signal = opts.signal;
  const roots = await checkFolders(db, folders);

  // Walk and plan every folder first: totals for progress, and moves between folders are seen before removals.
  const walked: { folderId: number; path: string; walk: WalkResult; plan: FolderPlan }[] = [];
  let progress: ScanProgress = {
    phase: 'walking',
    done: 0,
    total: 0,
    facesFound: 0,
    errors: 0,
    photosPerSecond: null,
    etaSeconds: null,
    currentPath: null,
  };
  const report = (p: Partial<ScanProgress>) => {
    progress = { ...progress, ...p };
    opts.onProgress?.(progress);
  };
  for (const root of roots) {
    report({ currentPath: root });
    const folder = addFolder(db, root);
    const walk = await walkFolder(root, signal);
    walked.push({ folderId: folder.id, path: root, walk, plan: await planFolder(db, folder.id, walk) });
  }
  // Overlapping folders in one call (a folder and its parent) must not analyse a photo twice.
  const queued = new Set<number>();
  const work: WorkItem[] = walked
    .flatMap((w) => w.plan.work)
    .filter((i) => !queued.has(i.photoId) && queued.add(i.photoId));

  // Analyse.
  let analyzer: Promise<FaceAnalyzer> | null = null;
  let runtime: RuntimeInfo | null = null;
  let poolSize = opts.analyzer ? concurrencyOf(opts.analyzer) : 1;
  const getAnalyzer = () =>
    (analyzer ??= (async () => {
      const a = opts.analyzer ?? (await createFaceAnalyzer());
      poolSize = concurrencyOf(a);
      runtime = a.runtime;
      saveRuntimeInfo(db, a.runtime);
      return a;
    })());
  let backboneId: number | null = null;
  const counts = { analysed: 0, moved: 0, errors: 0, faces: 0 };
  const meter = new RateMeter();
  const batchSize = opts.batchSize ?? 50;
  let sinceBatch = 0;
  let failedInARow = 0;
  report({ phase: 'analysing', total: work.length });
  meter.update(0);
  try {
    // Keep every analyzer worker fed, and the decoder one photo ahead of them.
    const inference = () => opts.analyzeConcurrency ?? poolSize;
    const decoding = () => Math.max(opts.decodeAhead ?? 3, inference() + 1);
    const prepared = orderedMap(work, (item) => preparePhoto(db, item), decoding, signal);
    const analysed = orderedMap(prepared, (p) => analysePhoto(p, getAnalyzer, opts.analyzeOptions), inference, signal);
    for await (const r of analysed) {
      if (signal?.aborted) break;
      backboneId ??= ensureBackboneModel(db, BACKBONE_MODEL_NAME);
      const out = commitPhoto(db, r, backboneId);
      // A broken analyzer (a crashed worker) fails every photo: stop, and leave the rest pending.
      failedInARow = out.kind === 'failed' && out.error.startsWith(ANALYSIS_FAILED) ? failedInARow + 1 : 0;
      if (failedInARow >= MAX_ANALYSIS_FAILURES_IN_A_ROW)
        throw new Error(
          `the face analyzer failed on ${failedInARow} photos in a row (${out.kind === 'failed' ? out.error : ''}); the scan stopped, run it again to resume`,
        );
      if (out.kind === 'analysed') {
        counts.analysed++;
        counts.faces += out.faces;
        // Names other photo managers wrote (XMP face regions) become the user's labels (core/labels/xmp).
        if (out.faces) applyXmpFaceNames(db, r.item.photoId);
      } else if (out.kind === 'moved') counts.moved++;
      else counts.errors++;
      const done = counts.analysed + counts.moved + counts.errors;
      meter.update(done);
      if (++sinceBatch >= batchSize) {
        sinceBatch = 0;
        updatePeopleAfterScan(db);
      }
      report({
        done,
        facesFound: counts.faces,
        errors: counts.errors,
        photosPerSecond: meter.rate(),
        etaSeconds: meter.eta(work.length),
        currentPath: r.item.file.path,
      });
    }
  } finally {
    if (!opts.analyzer && analyzer) await (await (analyzer as Promise<FaceAnalyzer>)).dispose();
  }

  // Forget photos that are gone, only after complete walks and an uncancelled scan; never a user label silently.
  const cancelled = signal?.aborted ?? false;
  let removed = 0;
  let missing: PhotoLabels[] = [];
  report({ phase: 'finishing', currentPath: null });
  if (!cancelled) {
    const gone: number[] = [];
    for (const w of walked)
      for (const m of w.plan.missing) {
        const row = getPhoto(db, m.id);
        if (row && row.path === m.path && !fs.existsSync(toFsPath(m.path))) gone.push(m.id);
      }
    missing = userLabelsOfPhotos(db, gone);
    const kept = new Set(missing.map((m) => m.id));
    markPhotosMissing(db, [...kept]);
    removed = deletePhotos(
      db,
      gone.filter((id) => !kept.has(id)),
    );
  }
  updatePeopleAfterScan(db);

  return {
    folders: walked.map((w) => ({
      folderId: w.folderId,
      path: w.path,
      files: w.walk.files.length,
      complete: w.walk.complete && !cancelled,
      unreadable: w.walk.unreadable,
    })),
    photosSeen: walked.reduce((n, w) => n + w.walk.files.length, 0),
    unchanged: walked.reduce((n, w) => n + w.plan.unchanged, 0),
    analysed: counts.analysed,
    moved: counts.moved,
    removed,
    missing,
    errors: counts.errors,
    unsupported: walked.reduce((n, w) => n + w.plan.unsupported, 0),
    facesFound: counts.faces,
    cancelled,
    runtime,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Absolute paths of the folders, each an existing directory; a clear error before anything is written. */
async function checkFolders(db: Database, folders: string[]): Promise<string[]> {
  void db;
  if (!folders.length) throw new ScanInputError('no folder given');
  const out: string[] = [];
  for (const f of folders) {
    const given = path.resolve(f);
    let abs = given;
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(abs);
    } catch {
      // A name that is not valid UTF-8 reached us mangled (argv is decoded as UTF-8): find the folder it means.
      const found = resolveLossyPath(given);
      const stFound = found ? await fs.promises.stat(toFsPath(found)).catch(() => null) : null;
      if (!found || !stFound) throw new ScanInputError(`folder not found: ${given}`);
      [abs, st] = [found, stFound];
    }
    if (!st.isDirectory()) throw new ScanInputError(`not a folder: ${abs}`);
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}
