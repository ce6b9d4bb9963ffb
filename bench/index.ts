/**
 * `npm run bench`: runs every benchmark listed here, in order (or only those named: `npm run bench -- scan`).
 * Each is bench/<name>-bench.ts exporting `run(): Promise<void>` that prints its figures. Add yours with one line.
 */
interface Bench {
  run(): Promise<void>;
}

// Loaded lazily (require: this is CommonJS) so that one bench's heavy imports do not slow the others.
const BENCHES: Record<string, () => Bench> = {
  scan: () => require('./scan-bench') as Bench,
  verify: () => require('./verify-bench') as Bench,
  vision: () => require('./vision-bench') as Bench,
  'vision-variants': () => require('./vision-variants-bench') as Bench,
  cluster: () => require('./cluster-bench') as Bench,
  library: () => require('./library-bench') as Bench,
  train: () => require('./train-bench') as Bench,
  naming: () => require('./naming-bench') as Bench,
  'electron-worker': () => require('./electron-worker-bench') as Bench,
  crash: () => require('./crash-bench') as Bench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in BENCHES));
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  for (const [name, load] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const t = performance.now();
    console.log(`== ${name}`);
    await load().run();
    console.log(`== ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
