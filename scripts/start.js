#!/usr/bin/env node
// `npm start`: opens Facet. Runs the Electron app when Electron's binary is installed and there is a display;
// otherwise (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or a machine without a display) it says why and
// serves the same app to the browser with `facet serve`. Builds first when the build is missing.
// Extra arguments go to the app (e.g. `npm start -- --port 8080` for the browser fallback).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const BUILD_OUTPUTS = ['dist/electron/main.js', 'dist/core/cli/main.js', 'renderer/dist/index.html'];

/** Electron's executable, or the reason there is none (the `electron` package throws when its binary is absent). */
function findElectron(requireElectron = () => require('electron')) {
  try {
    const executable = requireElectron();
    if (typeof executable === 'string' && fs.existsSync(executable)) return { executable };
    return { reason: `Electron's binary is not at ${executable}` };
  } catch (err) {
    return { reason: `Electron's binary is not installed (${err && err.message ? err.message : String(err)})` };
  }
}

/**
 * Decides how to launch. Pure, so it can be tested: `electron` is findElectron()'s answer.
 * @returns {{ mode: 'electron', executable: string } | { mode: 'serve', reason: string, hint?: string }}
 */
function chooseLaunch(electron, env, platform) {
  if (!electron.executable) {
    const hint = 'for the desktop app, install Electron: `npm install` without ELECTRON_SKIP_BINARY_DOWNLOAD';
    return { mode: 'serve', reason: electron.reason, hint };
  }
  if (env.FACET_START === 'serve') return { mode: 'serve', reason: 'FACET_START=serve' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { mode: 'serve', reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { mode: 'electron', executable: electron.executable };
}

function missingBuildOutputs(base = root) {
  return BUILD_OUTPUTS.filter((rel) => !fs.existsSync(path.join(base, rel)));
}

function ensureBuilt() {
  const missing = missingBuildOutputs();
  if (!missing.length) return;
  console.log(`facet: building first (missing: ${missing.join(', ')})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error('facet: the build failed; fix the errors above and run `npm start` again.');
    process.exit(r.status ?? 1);
  }
}

function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

function main(argv) {
  ensureBuilt();
  const launch = chooseLaunch(findElectron(), process.env, process.platform);
  if (launch.mode === 'electron') {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node and skip the app
    run(launch.executable, ['.', ...argv], env);
    return;
  }
  console.log(`facet: not opening the desktop window: ${launch.reason}.`);
  console.log('facet: serving the same app to your browser instead (facet serve, 127.0.0.1 only).');
  if (launch.hint) console.log(`facet: ${launch.hint}.`);
  run(process.execPath, [path.join(root, 'bin', 'facet.js'), 'serve', ...argv], process.env);
}

module.exports = { chooseLaunch, findElectron, missingBuildOutputs, BUILD_OUTPUTS };

if (require.main === module) main(process.argv.slice(2));
