/**
 * A synthetic library at scale (issue 17): by default 1,000,000 photos with 2 faces each (FACET_BENCH_PHOTOS,
 * FACET_BENCH_FACES_PER_PHOTO), written to a real database file the way a scan commits them, then:
 * - scan bookkeeping: pending rows for every file, then per photo one transaction storing its faces and marking
 *   it done (commitPhoto's statements; no face crops unless FACET_BENCH_CROP_BYTES);
 * - re-cluster: a forced updatePeople over the whole library (FACET_BENCH_RECLUSTER=0 skips it);
 * - after-scan assignment: 10 more batches of 50 photos, updatePeopleAfterScan after each (descriptors kept in
 *   memory), against one loadFaceTable (what every batch used to read before anything else);
 * with peak RSS. Descriptors: bench/cluster-bench's synthetic identities (look-alike families, 10% noise).
 * Synthetic data: figures of time and memory only, never of accuracy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../core/db/connection';
import { replaceFacesOfPhoto, type NewFace } from '../core/db/faces-repo';
import { addFolder } from '../core/db/folders-repo';
import { ensureBackboneModel } from '../core/db/models-repo';
import { insertPendingPhoto, markPhotoDone } from '../core/db/photos-repo';
import { updatePeopleAfterScan } from '../core/people/after-scan';
import { SETTING_LAST_FACE_ID } from '../core/people/defaults';
import { lastLoad } from '../core/people/face-table-cache';
import { loadFaceTable, setSetting } from '../core/people/people-repo';
import { updatePeople } from '../core/people/update-people';
import { syntheticFaces } from './cluster-bench';

const DIM = 128;
const BATCH = 50;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peak = () => mb(process.resourceUsage().maxRSS * 1024);
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

export async function run(): Promise<void> {
  const photos = Number(process.env.FACET_BENCH_PHOTOS ?? 1_000_000);
  const perPhoto = Number(process.env.FACET_BENCH_FACES_PER_PHOTO ?? 2);
  const cropBytes = Number(process.env.FACET_BENCH_CROP_BYTES ?? 0);
  const recluster = process.env.FACET_BENCH_RECLUSTER !== '0';
  const tail = 10 * BATCH; // photos scanned with after-scan assignment at the end
  const faces = photos * perPhoto;
  let t = performance.now();
  const { vectors } = syntheticFaces(faces, Math.round(faces / 20), 0.1, 3);
  console.log(
    `${photos} photos x ${perPhoto} faces = ${faces} synthetic descriptors in ${secs(t)} s; peak RSS ${peak()}`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-library-bench-'));
  const file = path.join(dir, 'library.db');
  const db = openDatabase(file);
  try {
    const root = path.join(dir, 'photos');
    addFolder(db, root);
    const folderId = (db.prepare('SELECT id FROM folders WHERE path = ?').get(root) as { id: number }).id;
    const model = ensureBackboneModel(db, 'bench-backbone');
    const crop = cropBytes ? Buffer.alloc(cropBytes, 7) : null;
    const landmarks = new Float32Array(136);
    const ids = new Int32Array(photos);
    t = performance.now();
    const planChunk = 10_000;
    for (let p0 = 0; p0 < photos; p0 += planChunk)
      db.transaction(() => {
        for (let p = p0; p < Math.min(photos, p0 + planChunk); p++)
          ids[p] = insertPendingPhoto(db, {
            folderId,
            path: path.join(root, `${Math.floor(p / 1000)}`, `IMG_${p}.jpg`),
            size: 2_000_000,
            mtime: 1_700_000_000_000 + p,
          });
      })();
    const planS = secs(t);
    const commit = (p: number) =>
      db.transaction(() => {
        const stored: NewFace[] = [];
        for (let k = 0; k < perPhoto; k++) {
          const row = p * perPhoto + k;
          stored.push({
            box: { x: 10 + 200 * k, y: 10, w: 150, h: 150 },
            score: 0.9,
            quality: 0.5 + (0.5 * ((row * 7919) % 1000)) / 1000,
            landmarks,
            descriptor: vectors.subarray(row * DIM, (row + 1) * DIM),
            crop,
          });
        }
        replaceFacesOfPhoto(db, ids[p], model, stored);
        markPhotoDone(db, ids[p], {
          size: 2_000_000,
          mtime: 1_700_000_000_000 + p,
          hash: `h${p}`,
          width: 4000,
          height: 3000,
          takenAt: null,
        });
      })();
    t = performance.now();
    for (let p = 0; p < photos - tail; p++) commit(p);
    const commitS = (performance.now() - t) / 1000;
    console.log(
      `scan bookkeeping: ${photos} pending rows in ${planS} s; ${photos - tail} photos committed in ${commitS.toFixed(1)} s ` +
        `(${((photos - tail) / commitS).toFixed(0)} photos/s); database ${mb(fs.statSync(file).size)}; peak RSS ${peak()}`,
    );

    t = performance.now();
    const full = loadFaceTable(db);
    console.log(`reading every descriptor (loadFaceTable, ${full.ids.length} faces): ${secs(t)} s`);

    if (recluster) {
      t = performance.now();
      const r = updatePeople(db, { force: true });
      console.log(
        `forced re-cluster of ${faces - tail * perPhoto} faces: ${secs(t)} s, ${r.newPeople} people, ` +
          `${r.clustered + r.assigned} faces placed; peak RSS ${peak()}`,
      );
    } else {
      // as if after-scan had kept up: only the batches below are new to it
      setSetting(db, SETTING_LAST_FACE_ID, String(full.ids[full.ids.length - 1] ?? 0));
      updatePeopleAfterScan(db); // nothing new: loads nothing
    }

    const times: string[] = [];
    for (let p0 = photos - tail; p0 < photos; p0 += BATCH) {
      for (let p = p0; p < p0 + BATCH; p++) commit(p);
      t = performance.now();
      const c0 = process.cpuUsage();
      const r = updatePeopleAfterScan(db);
      const cpu = process.cpuUsage(c0);
      times.push(
        `${secs(t)} s wall / ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (${lastLoad.kind}, ` +
          `${lastLoad.descriptorsRead} read, ${r.assigned} joined)`,
      );
    }
    console.log(`after-scan per batch of ${BATCH} photos: ${times.join('; ')}; peak RSS ${peak()}`);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
