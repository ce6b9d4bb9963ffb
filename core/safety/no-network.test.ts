// The app opens no network connection: a real scan (ONNX networks), people updates, verification, the 2-D map,
// a forced re-cluster and the HTTP transport run with every outbound attempt made to fail and recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createApiContext } from '../api/api-context';
import { dispatch } from '../api/dispatch';
import { serveApi } from '../api/http-transport';
import { openDatabase } from '../db/connection';
import { createFaceAnalyzer } from '../vision';
import { REPO_ROOT } from './testing/spawn';
import { installNetworkGuard, NetworkBlockedError } from './testing/network-guard';
import { tempDir } from './testing/temp-dir';

const SAMPLES = path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
const MODELS = path.join(REPO_ROOT, 'resources', 'models', 'ssd_mobilenetv1.onnx');

test('the guard itself catches every kind of outbound attempt (so the next test can fail)', async () => {
  const guard = installNetworkGuard();
  try {
    assert.throws(() => net.connect(443, '192.0.2.1'), NetworkBlockedError);
    assert.throws(() => http.get('http://example.com/'), NetworkBlockedError);
    await assert.rejects(fetch('https://example.com/model.onnx'), NetworkBlockedError);
    assert.throws(() => (require('node:dns') as typeof import('node:dns')).lookup('example.com', () => {}));
    const loop = net.connect(1, '127.0.0.1'); // loopback is allowed (it fails only because nothing listens)
    loop.on('error', () => undefined);
    loop.destroy();
    assert.deepEqual(
      guard.attempts.map((a) => a.api),
      ['net.Socket.connect', 'http.get', 'fetch', 'dns.lookup'],
    );
  } finally {
    guard.restore();
  }
});

test('a scan with the real networks and the engine behind the API make no outbound connection', async (t) => {
  if (!fs.existsSync(MODELS)) return t.skip('face models not built (npm run build:models)');
  const dir = tempDir();
  const photos = path.join(dir, 'photos');
  fs.mkdirSync(photos);
  for (const i of [1, 2]) fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(photos, `s${i}.jpg`));
  const guard = installNetworkGuard();
  const db = openDatabase(path.join(dir, 'library.db'));
  const ctx = createApiContext(db, () => createFaceAnalyzer());
  try {
    const call = async (op: string, args: unknown = {}) => {
      const r = await dispatch(ctx, op, args);
      assert.ok(r.ok, `${op}: ${JSON.stringify(r)}`);
      return r.value as Record<string, unknown>;
    };
    await call('library.addFolder', { path: photos });
    await ctx.jobs.whenIdle(120_000);
    const status = await call('library.status');
    assert.equal(status.photos, 2, JSON.stringify(status));
    assert.equal(status.faces, 6, 'the networks really ran: sample1 and sample2 hold 3 faces each');
    await call('people.list');
    await call('unsorted.list');
    await call('verify.stats');
    await call('runtime.info');
    await call('people.recluster');
    await call('map.compute');
    await ctx.jobs.whenIdle(120_000);
    assert.deepEqual(
      ctx.jobs.list().filter((j) => j.state !== 'done'),
      [],
      'every job finished',
    );
    // The HTTP transport, reached over loopback, works under the guard.
    const server = await serveApi({ ctx, token: 'tok-0123456789abcdef', staticDir: dir });
    const res = await fetch(`http://127.0.0.1:${server.port}/api/library.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-facet-token': 'tok-0123456789abcdef' },
      body: '{}',
    });
    assert.equal(res.status, 200);
    await server.close();
    assert.deepEqual(guard.attempts, [], 'no outbound network attempt');
  } finally {
    guard.restore();
    await ctx.loadedAnalyzer()?.dispose();
    db.close();
  }
});
