import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..');
const START = path.join(ROOT, 'scripts', 'start.js');
const { chooseLaunch, findElectron, missingBuildOutputs } = require(START) as {
  chooseLaunch(
    e: { executable?: string; reason?: string },
    env: NodeJS.ProcessEnv,
    platform: string,
  ): {
    mode: 'electron' | 'serve';
    executable?: string;
    reason?: string;
    hint?: string;
  };
  findElectron(req?: () => unknown): { executable?: string; reason?: string };
  missingBuildOutputs(base?: string): string[];
};

describe('npm start (scripts/start.js)', () => {
  it('runs Electron when its binary is installed and there is a display', () => {
    const electron = { executable: process.execPath };
    assert.deepEqual(chooseLaunch(electron, { DISPLAY: ':0' }, 'linux'), {
      mode: 'electron',
      executable: process.execPath,
    });
    assert.equal(chooseLaunch(electron, {}, 'darwin').mode, 'electron');
    assert.equal(chooseLaunch(electron, {}, 'win32').mode, 'electron');
  });

  it('falls back to facet serve, saying why, without the binary, without a display, or when asked', () => {
    const absent = findElectron(() => {
      throw new Error('Electron failed to install correctly');
    });
    const noBinary = chooseLaunch(absent, { DISPLAY: ':0' }, 'linux');
    assert.equal(noBinary.mode, 'serve');
    assert.match(noBinary.reason ?? '', /not installed.*failed to install/);
    assert.match(noBinary.hint ?? '', /install Electron/);
    const moved = findElectron(() => '/nonexistent/electron');
    assert.match(moved.reason ?? '', /not at \/nonexistent\/electron/);
    const headless = chooseLaunch({ executable: process.execPath }, {}, 'linux');
    assert.deepEqual(headless.mode, 'serve');
    assert.match(headless.reason ?? '', /no display/);
    assert.equal(
      chooseLaunch({ executable: process.execPath }, { DISPLAY: ':0', FACET_START: 'serve' }, 'linux').mode,
      'serve',
    );
  });

  it('knows what a build must have produced', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-start-'));
    assert.deepEqual(missingBuildOutputs(empty), [
      'dist/electron/main.js',
      'dist/core/cli/main.js',
      'renderer/dist/index.html',
    ]);
  });

  it('serves the app to the browser on 127.0.0.1 when it cannot open a window', async (t) => {
    const missing = missingBuildOutputs();
    if (missing.length) return t.skip(`not built (missing ${missing.join(', ')}); run npm run build`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-start-'));
    const child = spawn(process.execPath, [START, '--no-open', '--port', '0', '--db', path.join(dir, 'library.db')], {
      cwd: ROOT,
      env: { ...process.env, FACET_START: 'serve' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Open http:\/\/127\.0\.0\.1:\d+/.test(output) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(output, /not opening the desktop window: .+\./);
      assert.match(output, /serving the same app to your browser/);
      assert.match(output, /Open http:\/\/127\.0\.0\.1:\d+/, output);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
