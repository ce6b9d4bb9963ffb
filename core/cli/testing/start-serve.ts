/**
 * Test helper: the real `facet serve` as a child process (from source, through tsx) on the given database, resolved
 * once it prints its loopback URL with the launch token. Used by the CLI's own test and the browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export function startServe(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "require('./core/cli/main').main(process.argv.slice(1)).then((c) => process.exit(c))",
      'serve',
      '--db',
      db,
      '--no-open',
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`facet serve did not start:\n${out}`)), 60_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`facet serve exited with ${code}:\n${out}`));
    });
  });
}
