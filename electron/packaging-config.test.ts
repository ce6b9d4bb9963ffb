import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { appPaths } from './app-paths';

/*
 * electron-builder.yml, checked offline: electron-builder's own loader and schema validator, then what the schema
 * cannot know: every native module of a production dependency is unpacked from the asar, the models ship as
 * extraResources where the app looks for them, each OS gets its installers and only its own onnxruntime binary.
 */
const ROOT = path.join(__dirname, '..');
const CONFIG_FILE = 'electron-builder.yml';
const fromBuilder = (id: string) => require(require.resolve(id, { paths: [require.resolve('app-builder-lib')] }));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = fromBuilder('builder-util');
const { minimatch } = fromBuilder('minimatch') as { minimatch: (p: string, g: string, o?: object) => boolean };

type Patterns = string | string[] | { filter?: string | string[] } | { filter?: string | string[] }[] | undefined;
interface Resource {
  from: string;
  to: string;
}
interface BuilderConfig {
  files?: Patterns;
  asarUnpack?: string | string[];
  extraResources?: Resource[];
  npmRebuild?: boolean;
  afterAllArtifactBuild?: string;
  linux?: { target?: unknown; files?: Patterns };
  win?: { target?: unknown; files?: Patterns };
  mac?: { target?: unknown; files?: Patterns };
}

function patterns(p: Patterns): string[] {
  if (p === undefined) return [];
  if (typeof p === 'string') return [p];
  if (Array.isArray(p)) return p.flatMap((x) => (typeof x === 'string' ? [x] : patterns(x.filter)));
  return patterns(p.filter);
}

function targets(t: unknown): string[] {
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));
}

/** Production packages (package-lock entries not marked dev) that are installed, as node_modules/... folders. */
function productionPackages(): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
    .map(([key]) => key)
    .filter((key) => fs.existsSync(path.join(ROOT, key)));
}

/** .node files of one package, not descending into its own node_modules (those are packages of their own). */
function nativeFiles(pkg: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(child);
      else if (entry.isFile() && entry.name.endsWith('.node')) out.push(child);
    }
  };
  walk(pkg);
  return out;
}

const excludedBy = (file: string, list: string[]) =>
  list.filter((p) => p.startsWith('!')).some((p) => minimatch(file, p.slice(1), { dot: true }));

describe('electron-builder.yml', () => {
  let config: BuilderConfig;

  before(async () => {
    config = (await getConfig(ROOT, CONFIG_FILE, null)) as BuilderConfig;
  });

  it("passes electron-builder's own configuration schema", async () => {
    await validateConfiguration(config, new DebugLogger(false));
    await assert.rejects(
      validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false)),
      /unknown property 'notAnOption'/,
      'the validator really validates',
    );
  });

  it('builds AppImage and deb for Linux, nsis for Windows, dmg for macOS', () => {
    assert.deepEqual(targets(config.linux?.target).sort(), ['AppImage', 'deb']);
    assert.deepEqual(targets(config.win?.target), ['nsis']);
    assert.deepEqual(targets(config.mac?.target), ['dmg']);
  });

  it('ships the models as extraResources, where the packaged app looks for them', () => {
    const models = config.extraResources?.find((r) => r.from === 'resources/models');
    assert.ok(models, 'resources/models is in extraResources');
    const packaged = appPaths('/app/resources/app.asar/dist/electron', '/app/resources/app.asar', '/app/resources');
    assert.equal(packaged.modelDir, path.join('/app/resources', models.to));
  });

  it('unpacks every native module of a production dependency from the asar', () => {
    const unpack = patterns(config.asarUnpack);
    const natives = productionPackages().flatMap(nativeFiles);
    for (const must of ['better-sqlite3', 'sharp', 'onnxruntime-node', 'usearch']) {
      assert.ok(
        natives.some((f) => f.includes(`/${must}/`) || f.includes(`@img/${must}`) || f.includes('@img/sharp')),
        `expected native files of ${must} in node_modules`,
      );
    }
    const missed = natives.filter((file) => !unpack.some((p) => minimatch(file, p, { dot: true })));
    assert.deepEqual(missed, [], 'native files left inside the asar');
    // Dev-only native packages (vite's bundler) are not shipped, so they need no unpacking.
    assert.ok(!natives.some((f) => f.includes('rolldown')), 'devDependencies are not counted');
    assert.ok(unpack.includes('node_modules/@tensorflow/tfjs-node-gpu/**'), 'tfjs-node-gpu is unpacked when present');
  });

  it('keeps tfjs-node-gpu optional', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.optionalDependencies?.['@tensorflow/tfjs-node-gpu']);
    assert.equal(pkg.dependencies?.['@tensorflow/tfjs-node-gpu'], undefined);
  });

  it('gives each OS only its own onnxruntime and usearch binaries', () => {
    const all = patterns(config.files);
    const bindings = {
      linux: 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      win: 'node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime_binding.node',
      mac: 'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/onnxruntime_binding.node',
    } as const;
    for (const os of ['linux', 'win', 'mac'] as const) {
      const list = [...all, ...patterns(config[os]?.files)];
      for (const [other, file] of Object.entries(bindings)) {
        assert.equal(excludedBy(file, list), other !== os, `${os} package and ${file}`);
      }
    }
    const linux = [...all, ...patterns(config.linux?.files)];
    assert.ok(excludedBy('node_modules/usearch/prebuilds/darwin-arm64+x64/usearch.node', linux));
    assert.ok(!excludedBy('node_modules/usearch/prebuilds/linux-x64/usearch.node', linux));
  });

  it('packages the compiled shell the app starts from, and the renderer bundle', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const include = patterns(config.files).filter((p) => !p.startsWith('!'));
    const dev = appPaths(path.join(ROOT, 'dist', 'electron'), ROOT, null);
    for (const file of [pkg.main, dev.preload, dev.engineWorker, path.join(dev.bundleRoot, 'index.html')]) {
      const rel = path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');
      assert.ok(
        include.some((p) => minimatch(rel, p, { dot: true })),
        `${rel} is packaged`,
      );
    }
    assert.equal(pkg.main, 'dist/electron/main.js');
  });

  it('rebuilds better-sqlite3 for Electron in `npm run dist`, then restores the Node build for the CLI and tests', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.match(pkg.scripts.dist, new RegExp(`electron-builder .*${CONFIG_FILE}`));
    assert.equal(config.npmRebuild, true);
    const hook = require(path.join(ROOT, config.afterAllArtifactBuild ?? 'missing'));
    assert.equal(typeof hook, 'function');
  });
});
