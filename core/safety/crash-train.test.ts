// kill -9 a training run (the real trainer, tfjs, in its own process) at random moments, restart it, and compare
// with an uninterrupted run: no half-written model version, user labels and guesses as a clean run leaves them.
// `facet train` has no CLI command yet: the child calls the train service the API's train.start job calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/connection';
import { checkIntegrity } from './integrity';
import { exitCode, spawnTs } from './testing/spawn';
import { tempDir } from './testing/temp-dir';
import { writeToyLibrary } from './testing/toy-library';

const KILLS = 4;
const KILL_BUDGET_MS = 20_000;
const CHILD = 'core/safety/testing/train-child.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function trainToEnd(db: string): Promise<number> {
  const t0 = performance.now();
  const child = spawnTs(CHILD, [db]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  assert.equal(await exitCode(child), 0, err.slice(-2000));
  return performance.now() - t0;
}

interface HeadRow {
  parent_id: number | null;
  active: number;
  threshold: number | null;
  weights: Buffer | null;
  metrics: string | null;
}

const heads = (db: Database) =>
  db
    .prepare(`SELECT parent_id, active, threshold, weights, metrics FROM models WHERE kind = 'head' ORDER BY id`)
    .all() as HeadRow[];

const assignments = (db: Database) =>
  db.prepare('SELECT id, person_id, assigned_by FROM faces ORDER BY id').all() as {
    id: number;
    person_id: number | null;
    assigned_by: string | null;
  }[];

test(
  'kill -9 during training: no half-written version, and the restarted run ends where a clean run does',
  { timeout: 240_000 },
  async (t) => {
    const seed = Number(process.env.FACET_CRASH_SEED ?? Date.now() % 100_000);
    const random = lcg(seed);
    t.diagnostic(`seed ${seed} (replay with FACET_CRASH_SEED=${seed})`);
    const dir = tempDir();
    const clean = path.join(dir, 'clean.db');
    const crashed = path.join(dir, 'crashed.db');
    writeToyLibrary(clean);
    writeToyLibrary(crashed);
    const before = openDatabase(crashed, { readonly: true });
    const userLabelsBefore = assignments(before).filter((f) => f.assigned_by === 'user');
    before.close();

    const cleanMs = await trainToEnd(clean);

    const started = performance.now();
    let kills = 0;
    let committed = false;
    while (kills < KILLS && performance.now() - started < KILL_BUDGET_MS) {
      const child = spawnTs(CHILD, [crashed]);
      // Drain its output: a child blocked on a full pipe would stop at a point of the pipe's choosing.
      child.stdout!.resume();
      child.stderr!.resume();
      const timer = setTimeout(() => child.kill('SIGKILL'), 200 + random() * cleanMs);
      const code = await exitCode(child);
      clearTimeout(timer);
      const db = openDatabase(crashed, { readonly: true });
      assert.ok(checkIntegrity(db).ok);
      const rows = heads(db);
      // Either no version, or one whole version: weights, metrics and threshold written together.
      assert.ok(rows.length <= 1, `${rows.length} versions after ${kills} kills`);
      for (const r of rows) assert.ok(r.weights?.length && r.metrics && r.threshold, 'a complete version');
      assert.deepEqual(
        assignments(db).filter((f) => f.assigned_by === 'user'),
        userLabelsBefore,
        'user labels untouched',
      );
      db.close();
      if (child.signalCode === 'SIGKILL') kills++;
      else assert.equal(code, 0);
      if (rows.length === 1) {
        committed = true; // the run had committed its version (killed on its way out, or finished)
        break;
      }
    }
    t.diagnostic(
      `${kills} kills in ${((performance.now() - started) / 1000).toFixed(1)} s; clean training ${(cleanMs / 1000).toFixed(1)} s`,
    );
    assert.ok(kills >= 1 || committed);
    if (!committed) await trainToEnd(crashed);

    const a = openDatabase(clean, { readonly: true });
    const b = openDatabase(crashed, { readonly: true });
    const [ha, hb] = [heads(a), heads(b)];
    assert.equal(hb.length, 1);
    assert.deepEqual(
      hb.map((h) => [h.parent_id, h.active, h.threshold]),
      ha.map((h) => [h.parent_id, h.active, h.threshold]),
    );
    assert.ok(Buffer.compare(hb[0].weights!, ha[0].weights!) === 0, 'the same trained weights (the trainer is seeded)');
    assert.deepEqual(assignments(b), assignments(a), 'labels and machine guesses as after a clean run');
    a.close();
    b.close();
  },
);
