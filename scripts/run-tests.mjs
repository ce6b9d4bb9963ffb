// Finds every *.test.ts under the given folders (default: core electron renderer scripts e2e) and runs them with
// node's test runner through tsx. Node 20's --test does not expand globs itself.
//
// Files run in parallel (one process each, as many at once as there are cores; FACET_TEST_CONCURRENCY overrides)
// except those that must not share the machine: the browser and Electron tests, and core/safety's crash, lock and
// attack tests, whose timing (kills mid-write, lock waits, timeouts) is part of what they check. Every test file
// works in its own temporary folder and listens on a port the OS picks, so parallel files share no state.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const searchRoots = roots.length ? roots : ['core', 'electron', 'renderer', 'scripts', 'e2e'];
const files = [];
const walk = (p) => {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isFile()) {
    if (/\.test\.tsx?$/.test(p)) files.push(p);
    return;
  }
  for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
};
searchRoots.forEach(walk);
files.sort();
if (!files.length) {
  console.error('no test files found under ' + searchRoots.join(', '));
  process.exit(1);
}
const SERIAL = /^(e2e|electron|core[\\/]safety)[\\/]/;
const serial = files.filter((f) => SERIAL.test(path.relative('.', f)));
const parallel = files.filter((f) => !serial.includes(f));
const concurrency = Number(process.env.FACET_TEST_CONCURRENCY) || os.availableParallelism();

let status = 0;
for (const [group, n] of [
  [parallel, concurrency],
  [serial, 1],
]) {
  if (!group.length) continue;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${n}`, ...flags, ...group], {
    stdio: 'inherit',
  });
  status ||= r.status ?? 1;
}
process.exit(status);
