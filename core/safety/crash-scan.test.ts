// kill -9 a real `facet scan` (real networks) at random moments, restart it until it finishes, and compare the
// library with one built by an uninterrupted scan. Bounded: at most KILLS kills within KILL_BUDGET_MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../db/connection';
import { checkIntegrity } from './integrity';
import { librarySnapshot } from './testing/library-snapshot';
import { exitCode, REPO_ROOT, spawnTs } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

const KILLS = 6;
const KILL_BUDGET_MS = 25_000;
const SAMPLES = path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
const MODELS = path.join(REPO_ROOT, 'resources', 'models', 'ssd_mobilenetv1.onnx');
const CLI = 'core/safety/testing/facet-child.ts';

/** A small seeded generator: the kill moments are random but a failure can be replayed with its seed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function scanToEnd(db: string, folder: string): Promise<number> {
  const t0 = performance.now();
  const child = spawnTs(CLI, ['scan', folder, '--db', db]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const code = await exitCode(child);
  assert.equal(code, 0, `facet scan failed: ${err.slice(-2000)}`);
  return performance.now() - t0;
}

function labelSomeFaces(dbFile: string): void {
  const db = openDatabase(dbFile);
  const faces = db.prepare('SELECT id FROM faces ORDER BY photo_id, x LIMIT 3').pluck().all() as number[];
  const person = (name: string) =>
    Number(db.prepare('INSERT INTO people (name, created_at) VALUES (?, 0)').run(name).lastInsertRowid);
  const ada = person('Ada');
  const bob = person('Bob');
  const set = db.prepare(`UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?`);
  set.run(ada, faces[0]);
  set.run(bob, faces[1]);
  db.prepare('INSERT INTO not_person (face_id, person_id) VALUES (?, ?)').run(faces[2], ada);
  db.close();
}

test(
  'kill -9 at random points during facet scan: after restarts the library equals a clean run',
  { timeout: 300_000 },
  async (t) => {
    if (!fs.existsSync(MODELS)) return t.skip('face models not built (npm run build:models)');
    const seed = Number(process.env.FACET_CRASH_SEED ?? Date.now() % 100_000);
    const random = lcg(seed);
    t.diagnostic(`seed ${seed} (replay with FACET_CRASH_SEED=${seed})`);
    const dir = tempDir();
    const photos = path.join(dir, 'photos');
    fs.mkdirSync(photos);
    for (const i of [1]) fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(photos, `sample${i}.jpg`));

    // A library with user labels, in two identical copies.
    const clean = path.join(dir, 'clean.db');
    const crashed = path.join(dir, 'crashed.db');
    await scanToEnd(clean, photos);
    labelSomeFaces(clean);
    const src = openDatabase(clean);
    src.prepare('VACUUM INTO ?').run(crashed);
    src.close();

    // New photos, a photo edited on disk (its labelled faces must keep their labels), a broken file.
    for (const i of [2, 3]) fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(photos, `new ${i}.jpg`));
    const edited = await sharp(path.join(SAMPLES, 'sample1.jpg')).jpeg({ quality: 80 }).toBuffer();
    fs.writeFileSync(path.join(photos, 'sample1.jpg'), edited);
    fs.writeFileSync(path.join(photos, 'broken.jpg'), edited.subarray(0, 5000));

    const cleanMs = await scanToEnd(clean, photos);

    // The same scan, killed at random moments (from process start to past the clean run's length).
    const started = performance.now();
    let kills = 0;
    let finishedEarly = false;
    while (kills < KILLS && performance.now() - started < KILL_BUDGET_MS) {
      const child = spawnTs(CLI, ['scan', photos, '--db', crashed]);
      // Drain its output: a child blocked on a full pipe would stop at a point of the pipe's choosing.
      child.stdout!.resume();
      child.stderr!.resume();
      const left = KILL_BUDGET_MS - (performance.now() - started);
      // The first kill lands inside the run (a quarter to three quarters of the clean run's length), so a scan is
      // interrupted however fast the machine; later kills may land anywhere, past the end of the work included.
      const delay =
        kills === 0 ? cleanMs * (0.25 + 0.5 * random()) : Math.min(300 + random() * cleanMs, Math.max(300, left));
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const code = await exitCode(child);
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL') kills++;
      else {
        assert.equal(code, 0, 'an interrupted scan restarts cleanly (no stale lock, no damaged database)');
        finishedEarly = true;
        break;
      }
    }
    t.diagnostic(
      `${kills} kills in ${((performance.now() - started) / 1000).toFixed(1)} s; clean scan ${(cleanMs / 1000).toFixed(1)} s`,
    );
    if (!finishedEarly) await scanToEnd(crashed, photos);
    assert.ok(kills >= 1, 'at least one scan was killed');

    const a = openDatabase(clean, { readonly: true });
    const b = openDatabase(crashed, { readonly: true });
    assert.ok(checkIntegrity(b).ok);
    const [sa, sb] = [librarySnapshot(a), librarySnapshot(b)];
    assert.deepEqual(sb.photos, sa.photos);
    assert.deepEqual(sb.faces, sa.faces, 'same faces, no duplicates');
    assert.deepEqual(sb.userLabels, sa.userLabels, 'every user label intact');
    assert.deepEqual(sb.notPerson, sa.notPerson);
    assert.equal(sa.userLabels.length, 2);
    const pending = b.prepare(`SELECT count(*) FROM photos WHERE status = 'pending'`).pluck().get();
    assert.equal(pending, 0);
    a.close();
    b.close();
  },
);
