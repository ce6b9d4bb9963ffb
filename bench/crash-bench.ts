/**
 * `npm run bench -- crash`: the crash soak. kill -9 at random moments of every writing `facet` command (the built
 * CLI, real models, real database) on a small real library, FACET_CRASH_KILLS times in all (default 100), and after
 * each kill check what a user would: the database passes `PRAGMA integrity_check`, the writer lock left by the dead
 * process is taken over at once, and no user label is lost. A label is (photo content hash, face box, person name);
 * "lost" means it was there before the command, would still be there had the command completed, and is gone.
 * Seeded (FACET_CRASH_SEED) so a failure can be replayed. The suite keeps its few deterministic kills; this is not
 * in it.
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { acquireWriterLock } from '../core/safety/writer-lock';
import { mulberry32 } from '../core/verify/rng';

const REPO = path.resolve(__dirname, '..');
const FACET = path.join(REPO, 'bin', 'facet.js');
const SAMPLES = path.join(REPO, 'node_modules', '@vladmandic', 'face-api', 'demo');

interface Command {
  readonly name: string;
  readonly args: (w: Work) => string[];
  /** Brings the pristine labelled library to the state the command starts from (run once, then snapshotted). */
  readonly prepare?: (w: Work) => Promise<void> | void;
}

interface Work {
  readonly dir: string;
  readonly db: string;
  readonly photos: string; // scanned root: photos/people/<name>/…, photos/inbox/…
  readonly people: string;
  readonly extra: string; // a folder never scanned before
  readonly labelsFile: string;
}

function facet(args: string[], w: Work): void {
  const r = spawnSync(process.execPath, [FACET, ...args, '--db', w.db], { encoding: 'utf8', cwd: w.dir });
  if (r.status !== 0) throw new Error(`facet ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-1500)}`);
}

/** Variants of the demo photos with distinct bytes (so distinct content hashes) and the same faces. */
async function variant(sample: number, kind: 'orig' | 'flop' | 'q80', to: string): Promise<void> {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const src = path.join(SAMPLES, `sample${sample}.jpg`);
  if (kind === 'orig') return fs.copyFileSync(src, to);
  const img = sharp(src);
  await (kind === 'flop' ? img.flop().jpeg({ quality: 92 }) : img.jpeg({ quality: 80 })).toFile(to);
}

const COMMANDS: readonly Command[] = [
  {
    name: 'scan (new folder)',
    args: (w) => ['scan', w.extra],
  },
  {
    name: 'rescan (new, renamed, edited)',
    prepare: async (w) => {
      await variant(3, 'flop', path.join(w.photos, 'inbox', 'new.jpg'));
      fs.renameSync(path.join(w.people, 'Ada', 's1.jpg'), path.join(w.people, 'Ada', 's1 renamed.jpg'));
      await variant(3, 'q80', path.join(w.people, 'Bob', 's3.jpg'));
    },
    args: (w) => ['scan', w.photos],
  },
  {
    name: 'label --from-folders',
    prepare: async (w) => {
      await variant(1, 'flop', path.join(w.people, 'Dan', 'd1.jpg'));
      await variant(2, 'orig', path.join(w.people, 'Dan', 'd2.jpg'));
    },
    args: (w) => ['label', '--from-folders', w.people],
  },
  {
    name: 'labels import',
    prepare: async (w) => {
      await variant(1, 'flop', path.join(w.people, 'Dan', 'd1.jpg'));
      await variant(2, 'orig', path.join(w.people, 'Dan', 'd2.jpg'));
      facet(['scan', w.photos], w);
    },
    args: (w) => ['labels', 'import', w.labelsFile],
  },
  { name: 'undo', args: () => ['undo'] },
  { name: 'redo', prepare: (w) => facet(['undo'], w), args: () => ['redo'] },
  { name: 'cluster --force', args: () => ['cluster', '--force'] },
  { name: 'train', args: () => ['train'] },
  { name: 'backup', args: () => ['backup'] },
  {
    name: 'missing --forget',
    prepare: (w) => {
      fs.rmSync(path.join(w.people, 'Cat', 's5.jpg'));
      facet(['scan', w.photos], w);
    },
    args: () => ['missing', '--forget'],
  },
  { name: 'threshold --apply', args: () => ['threshold', '--apply'] },
  { name: 'xmp write', args: () => ['xmp', 'write'] },
  {
    name: 'xmp read',
    prepare: (w) => {
      facet(['xmp', 'write'], w);
      facet(['undo'], w); // the labels are now only in the sidecars
    },
    args: () => ['xmp', 'read'],
  },
];

type Labels = Map<string, number>;

/** The user's labels as a multiset of (content hash, box, name): row ids and paths may change, these must not. */
function userLabels(db: BetterSqlite3.Database): Labels {
  const rows = db
    .prepare(
      `SELECT ph.hash, f.x, f.y, f.w, f.h, pe.name FROM faces f JOIN photos ph ON ph.id = f.photo_id
       JOIN people pe ON pe.id = f.person_id WHERE f.assigned_by = 'user'`,
    )
    .all() as { hash: string; x: number; y: number; w: number; h: number; name: string | null }[];
  const out: Labels = new Map();
  for (const r of rows) {
    const key = `${r.hash} @${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.w)}x${Math.round(r.h)} ${r.name}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function readLabels(file: string): Labels {
  const db = new BetterSqlite3(file); // read-write: a crashed WAL is recovered by the first connection
  try {
    return userLabels(db);
  } finally {
    db.close();
  }
}

/** Labels in `before` that the completed command keeps but `after` lacks. */
function lost(before: Labels, completed: Labels, after: Labels): number {
  let n = 0;
  for (const [k, c] of before) n += Math.max(0, Math.min(c, completed.get(k) ?? 0) - (after.get(k) ?? 0));
  return n;
}

function integrityOk(file: string): string | null {
  try {
    const db = new BetterSqlite3(file);
    try {
      const res = db.pragma('integrity_check', { simple: true }) as string;
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (res !== 'ok') return res;
      return fk.length ? `${fk.length} foreign key violations` : null;
    } finally {
      db.close();
    }
  } catch (err) {
    return (err as Error).message;
  }
}

function lockRecoverable(file: string): string | null {
  try {
    acquireWriterLock(file, 'crash bench check').release();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

interface Snapshot {
  readonly dir: string; // db + photos tree
  readonly before: Labels;
  completed?: Labels;
  durationMs?: number;
}

function copyTree(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

/** The library and its photos live at fixed paths (the database stores absolute paths): save/restore copy them. */
function save(w: Work, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  copyTree(w.photos, path.join(to, 'photos'));
  copyTree(w.extra, path.join(to, 'extra'));
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(w.db + suffix)) fs.copyFileSync(w.db + suffix, path.join(to, 'library.db' + suffix));
}

function restore(w: Work, from: string): void {
  copyTree(path.join(from, 'photos'), w.photos);
  copyTree(path.join(from, 'extra'), w.extra);
  for (const suffix of ['', '-wal', '-shm']) {
    fs.rmSync(w.db + suffix, { force: true });
    const src = path.join(from, 'library.db' + suffix);
    if (fs.existsSync(src)) fs.copyFileSync(src, w.db + suffix);
  }
  fs.rmSync(path.join(path.dirname(w.db), 'backups'), { recursive: true, force: true });
}

function runCommand(w: Work, args: string[], killAfterMs?: number): Promise<{ code: number | null; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [FACET, ...args, '--db', w.db], { cwd: w.dir, stdio: 'ignore' });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0 });
    }),
  );
}

async function build(w: Work): Promise<void> {
  // Three named people of two photos each, one inbox photo, and a folder scanned only by the "scan" command.
  await variant(1, 'orig', path.join(w.people, 'Ada', 's1.jpg'));
  await variant(2, 'flop', path.join(w.people, 'Ada', 's2.jpg'));
  await variant(3, 'orig', path.join(w.people, 'Bob', 's3.jpg'));
  await variant(4, 'flop', path.join(w.people, 'Bob', 's4.jpg'));
  await variant(5, 'orig', path.join(w.people, 'Cat', 's5.jpg'));
  await variant(6, 'flop', path.join(w.people, 'Cat', 's6.jpg'));
  await variant(4, 'orig', path.join(w.photos, 'inbox', 'i4.jpg'));
  await variant(5, 'flop', path.join(w.extra, 'e5.jpg'));
  await variant(6, 'orig', path.join(w.extra, 'e6.jpg'));
  facet(['scan', w.photos], w);
  facet(['label', '--from-folders', w.people], w);
}

export async function run(): Promise<void> {
  const kills = Number(process.env.FACET_CRASH_KILLS ?? 100);
  const seed = Number(process.env.FACET_CRASH_SEED ?? 1);
  const only = process.env.FACET_CRASH_ONLY; // a command name substring, to replay one
  const random = mulberry32(seed);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-crash-bench-'));
  const w: Work = {
    dir: root,
    db: path.join(root, 'lib', 'library.db'),
    photos: path.join(root, 'photos'),
    people: path.join(root, 'photos', 'people'),
    extra: path.join(root, 'extra'),
    labelsFile: path.join(root, 'labels.json'),
  };
  const t0 = performance.now();
  try {
    fs.mkdirSync(path.dirname(w.db), { recursive: true });
    await build(w);
    const pristine = path.join(root, 'snap', 'pristine');
    save(w, pristine);
    // The labels file for `labels import`: this library plus Dan, labelled from folders.
    await COMMANDS.find((c) => c.name === 'label --from-folders')!.prepare!(w);
    facet(['label', '--from-folders', w.people], w);
    const out = spawnSync(process.execPath, [FACET, 'labels', 'export', '--db', w.db], { encoding: 'utf8' });
    fs.writeFileSync(w.labelsFile, out.stdout);

    const commands = COMMANDS.filter((c) => !only || c.name.includes(only));
    const snaps = new Map<string, Snapshot>();
    for (const c of commands) {
      restore(w, pristine);
      await c.prepare?.(w);
      const dir = path.join(root, 'snap', c.name.replace(/\W+/g, '-'));
      save(w, dir);
      const snap: Snapshot = { dir, before: readLabels(w.db) };
      restore(w, dir);
      const done = await runCommand(w, c.args(w));
      snap.durationMs = done.ms;
      snap.completed = readLabels(w.db);
      console.log(
        `  ${c.name.padEnd(30)} completes in ${(done.ms / 1000).toFixed(1)} s (exit ${done.code}), ` +
          `labels ${count(snap.before)} -> ${count(snap.completed)}`,
      );
      snaps.set(c.name, snap);
    }

    let integrityFailures = 0;
    let lockFailures = 0;
    let labelsLost = 0;
    let killedMidway = 0;
    const perCommand = new Map<string, number>();
    for (let i = 0; i < kills; i++) {
      const c = commands[i % commands.length]!;
      const snap = snaps.get(c.name)!;
      restore(w, snap.dir);
      // From process start to a little past the clean run's length: startup, every write, and the exit.
      const delay = Math.floor(random() * snap.durationMs! * 1.1);
      const res = await runCommand(w, c.args(w), delay);
      if (res.code === null) killedMidway++;
      const bad = integrityOk(w.db);
      const lock = lockRecoverable(w.db);
      const after = bad ? new Map() : readLabels(w.db);
      const gone = bad ? count(snap.before) : lost(snap.before, snap.completed!, after);
      if (bad) integrityFailures++;
      if (lock) lockFailures++;
      labelsLost += gone;
      perCommand.set(c.name, (perCommand.get(c.name) ?? 0) + 1);
      if (bad || lock || gone)
        console.log(
          `  kill ${i} (${c.name} at ${delay} ms): integrity ${bad ?? 'ok'}, lock ${lock ?? 'ok'}, lost ${gone}`,
        );
    }
    const wall = (performance.now() - t0) / 1000;
    console.log(`  seed ${seed}; commands: ${[...perCommand].map(([n, k]) => `${n} x${k}`).join(', ')}`);
    console.log(
      `  kills ${kills} (${killedMidway} while running, the rest after the command had exited), ` +
        `integrity failures ${integrityFailures}, lock not recoverable ${lockFailures}, labels lost ${labelsLost}, ` +
        `wall ${wall.toFixed(1)} s`,
    );
    if (integrityFailures || lockFailures || labelsLost) process.exitCode = 1;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function count(l: Labels): number {
  let n = 0;
  for (const c of l.values()) n += c;
  return n;
}
