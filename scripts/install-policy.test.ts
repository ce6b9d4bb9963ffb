import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/*
 * npm's install-script policy: from its next major version, a dependency's install script runs only when
 * package.json's `allowScripts` approves it, and is skipped silently otherwise. Every installed package with an
 * install script must therefore be decided (allowed or denied) here, or Facet's native modules stop building.
 */
const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  allowScripts: Record<string, boolean>;
  engines: { node: string };
};

describe('install-script policy', () => {
  it('leaves no installed dependency with an install script undecided (npm install-scripts ls)', () => {
    const out = execFileSync('npm', ['install-scripts', 'ls', '--json'], { cwd: root, encoding: 'utf8' });
    const pending = (JSON.parse(out) as { allowScripts: unknown[] }).allowScripts;
    assert.deepEqual(pending, [], 'decide each with `npm install-scripts approve|deny <pkg>`');
  });

  it('builds the native modules Facet needs and skips the downloads it does not', () => {
    for (const name of ['better-sqlite3', 'usearch', 'esbuild', 'electron']) assert.equal(pkg.allowScripts[name], true);
    // onnxruntime-node's script only downloads the CUDA provider; its CPU and WebGPU runtimes ship in the package.
    for (const name of ['onnxruntime-node', 'core-js', 'protobufjs']) assert.equal(pkg.allowScripts[name], false);
    // tfjs-node-gpu is optional: where it installs (network, CUDA), its libtensorflow download must be allowed.
    assert.equal(pkg.allowScripts['@tensorflow/tfjs-node-gpu'], true);
  });

  it('passes npm no configuration it will stop honouring (the old .npmrc key)', () => {
    const npmrc = path.join(root, '.npmrc');
    const text = fs.existsSync(npmrc) ? fs.readFileSync(npmrc, 'utf8') : '';
    assert.doesNotMatch(text, /onnxruntime-node-install/);
  });

  it('runs on the Node it asks for: engines names a current LTS line', () => {
    assert.equal(pkg.engines.node, '>=22.12');
    const [major, minor] = process.versions.node.split('.').map(Number);
    assert.ok(major > 22 || (major === 22 && minor >= 12), `tests run on Node ${process.versions.node}`);
  });
});
