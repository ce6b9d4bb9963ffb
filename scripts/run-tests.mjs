// Finds every *.test.ts under the given folders (default: core electron renderer scripts e2e) and runs them with
// node's test runner through tsx. Node 20's --test does not expand globs itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...flags, ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
