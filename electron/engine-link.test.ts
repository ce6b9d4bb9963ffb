import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createApiContext } from '../core/api/api-context';
import { dispatch } from '../core/api/dispatch';
import type { Envelope, FacetBridge } from '../core/api/contract';
import { openDatabase } from '../core/db/connection';
import { EngineClient } from './engine-client';
import type { EngineWorkerData } from './engine-protocol';
import { eventChannel } from './ipc-channels';
import { registerIpcTransport } from './ipc-transport';
import { APP_ENTRY_URL } from './schemes';
import { FakeIpcMain, FakeIpcRenderer } from './testing/fake-ipc';
import { runPreloadSandboxed } from './testing/load-preload';
import { spawnTsWorker } from './testing/spawn-ts-worker';

/**
 * The whole Electron transport except Electron itself: the real preload (sandboxed) -> IPC handler table ->
 * EngineClient -> the real engine worker thread -> the contract's handlers on a real library database.
 */
// From source through tsx always; also the compiled worker (what the app starts) once `npm run build` has made it,
// because an import that only tsx can load (an ESM-only file, say) breaks the app and nothing else would notice.
const COMPILED_WORKER = path.join(__dirname, '..', 'dist', 'electron', 'engine-worker.js');

/** Why the compiled worker cannot be tested now (not built, or built from older electron/ sources), or false. */
function compiledSkipReason(): string | false {
  if (!fs.existsSync(COMPILED_WORKER)) return 'dist/electron/engine-worker.js is not built (npm run build)';
  const stale = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) => {
      const js = path.join(__dirname, '..', 'dist', 'electron', f.replace(/\.ts$/, '.js'));
      return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(__dirname, f)).mtimeMs;
    });
  return stale.length ? `dist/electron is older than ${stale.join(', ')} (npm run build:ts)` : false;
}

const WORKERS = [
  {
    name: 'source',
    skip: false as string | false,
    spawn: (data: EngineWorkerData) => spawnTsWorker(path.join(__dirname, 'engine-worker.ts'), data),
  },
  {
    name: 'compiled',
    skip: compiledSkipReason(),
    spawn: (data: EngineWorkerData) => new Worker(COMPILED_WORKER, { workerData: data }),
  },
];

for (const variant of WORKERS)
  describe(`engine in a worker (${variant.name}), reached through preload and IPC`, { skip: variant.skip }, () => {
    let dir: string;
    let client: EngineClient;
    let facet: FacetBridge;
    let ipcRenderer: FakeIpcRenderer;

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-electron-'));
      const data: EngineWorkerData = { dbPath: path.join(dir, 'library.db') };
      client = new EngineClient(() => variant.spawn(data));
      const ipcMain = new FakeIpcMain();
      registerIpcTransport(ipcMain, { isTrustedSender: () => true, call: (op, args) => client.call(op, args) });
      ipcRenderer = new FakeIpcRenderer(ipcMain, { sender: {}, senderFrame: { url: APP_ENTRY_URL } });
      client.onEvent((name, payload) => ipcRenderer.emit(eventChannel(name), payload));
      facet = runPreloadSandboxed({ ipcRenderer }).exposed.get('facet') as FacetBridge;
    });

    after(async () => {
      await client?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('answers a query from the worker, the same as the in-process dispatch on the same database', async () => {
      const viaIpc = await facet.call('library.status', {});
      assert.ok(viaIpc.ok, JSON.stringify(viaIpc));
      assert.equal(viaIpc.value.photos, 0);
      assert.deepEqual(viaIpc.value.folders, []);
      const db = openDatabase(path.join(dir, 'library.db'));
      try {
        const direct = await dispatch(
          createApiContext(db, () => Promise.reject(new Error('unused'))),
          'library.status',
          {},
        );
        assert.deepEqual(viaIpc, direct);
      } finally {
        db.close();
      }
    });

    it('adds a folder in the worker, pushes a library.changed event to the page, and the folder is listed', async () => {
      const photos = path.join(dir, 'photos');
      fs.mkdirSync(photos);
      const events: unknown[] = [];
      const off = facet.on('library.changed', (p) => events.push(p));
      const added = await facet.call('library.addFolder', { path: photos, scan: false });
      assert.ok(added.ok, JSON.stringify(added));
      const status = await facet.call('library.status', {});
      assert.ok(status.ok);
      assert.deepEqual(
        status.value.folders.map((f) => fs.realpathSync(f.path)),
        [fs.realpathSync(photos)],
      );
      for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      off();
      assert.ok(events.length > 0, 'a library.changed event reached the page');
    });

    it('gives clear errors for bad input and unknown ids, without the worker dying', async () => {
      const bad = await facet.call('people.rename', { personId: 0, name: 'x' });
      assert.ok(!bad.ok);
      assert.equal(bad.error.code, 'invalid_args');
      const missing = await facet.call('people.get', { personId: 999_999 });
      assert.ok(!missing.ok);
      assert.equal(missing.error.code, 'not_found');
      assert.ok((await facet.call('jobs.list', {})).ok, 'the worker still answers');
    });

    it('serves media by id from the library only: an unknown face is no media', async () => {
      assert.equal(await client.media('face', 12345), null);
      assert.equal(await client.media('thumb', 1), null);
    });

    it('shuts down cleanly: the worker closes the database and ends by itself', async () => {
      const t0 = Date.now();
      await client.close();
      // Well before the 5 s grace after which the client would terminate it.
      assert.ok(Date.now() - t0 < 3000, `the engine took ${Date.now() - t0} ms to close`);
      const db = openDatabase(path.join(dir, 'library.db'));
      assert.equal(db.pragma('quick_check', { simple: true }), 'ok');
      db.close();
    });
  });

describe('EngineClient when the worker dies', () => {
  it('fails the pending call with an envelope and starts a fresh worker for the next one', async () => {
    let spawned = 0;
    // A worker that dies on its first call and answers the ones after a restart.
    const client = new EngineClient(() => {
      spawned++;
      const generation = spawned;
      return new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         parentPort.postMessage({ type: 'ready' });
         parentPort.on('message', (m) => {
           if (m.type === 'close') process.exit(0);
           if (workerData.generation === 1) process.exit(3);
           parentPort.postMessage({ type: 'result', id: m.id, envelope: { ok: true, value: 'generation ' + workerData.generation } });
         });`,
        { eval: true, workerData: { generation } },
      );
    });
    const first: Envelope<unknown> = await client.call('jobs.list', {});
    assert.ok(!first.ok);
    assert.equal(first.error.code, 'unavailable');
    assert.match(first.error.message, /exit code 3/);
    const second = await client.call('jobs.list', {});
    assert.deepEqual(second, { ok: true, value: 'generation 2' });
    assert.equal(spawned, 2);
    await client.close();
    assert.deepEqual(await client.call('jobs.list', {}), {
      ok: false,
      error: { code: 'unavailable', message: 'the engine is shutting down' },
    });
  });
});

describe('EngineClient when the worker cannot start', () => {
  it("reports the worker's own error, and does not respawn it on every call", async () => {
    let spawned = 0;
    const client = new EngineClient(() => {
      spawned++;
      return new Worker(`throw new Error('database is newer than this Facet (schema 9, app knows 2)');`, {
        eval: true,
      });
    }, 200);
    const first = await client.call('library.status', {});
    assert.ok(!first.ok);
    assert.match(first.error.message, /database is newer than this Facet/);
    const again = await client.call('people.list', {});
    assert.ok(!again.ok);
    assert.match(again.error.message, /database is newer than this Facet/);
    await assert.rejects(client.media('face', 1), /database is newer/);
    assert.equal(spawned, 1, 'failed fast without a new worker');
    await new Promise((r) => setTimeout(r, 250));
    await client.call('library.status', {});
    assert.equal(spawned, 2, 'tries again after the pause');
    await client.close();
  });
});
