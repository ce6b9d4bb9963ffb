import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '../db/connection';
import { createApiContext } from './api-context';
import { OP_NAMES } from './contract';
import { serveApi, type RunningServer } from './http-transport';
import { makeMediaLibrary, type MediaLibrary } from './testing/media-library';
import { rawRequest, type Reply } from './testing/raw-http';

const TOKEN = 'test-token-0123456789abcdef';
const db = openDatabase(':memory:');
const ctx = createApiContext(db, () => Promise.reject(new Error('no analyzer in this test')));
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-static-'));
let server: RunningServer;
let lib: MediaLibrary;

before(async () => {
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Facet</title>');
  lib = await makeMediaLibrary(db);
  server = await serveApi({ ctx, token: TOKEN, staticDir });
});
after(async () => {
  await server.close();
  lib.cleanup();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

/** A raw request to the in-process server (see testing/raw-http). */
function request(
  method: string,
  rawPath: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return rawRequest(server.port, method, rawPath, opts);
}

const api = (op: string, args: unknown = {}, token = TOKEN) =>
  request('POST', `/api/${op}`, {
    headers: { 'content-type': 'application/json', 'x-facet-token': token },
    body: JSON.stringify(args),
  });

test('listens on the loopback address only, and prints a URL with the token in its fragment', () => {
  assert.match(server.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=${TOKEN}$`));
});

test('the HTTP transport exposes exactly the contract: every operation answers, nothing else does', async () => {
  for (const op of OP_NAMES) {
    const r = await api(op, { bogusArgument: true });
    assert.equal(r.status, 200, op);
    const env = JSON.parse(r.body) as { ok: boolean; error?: { code: string } };
    assert.equal(env.error?.code, 'invalid_args', `${op} was dispatched to its schema`);
  }
  for (const op of ['admin', 'library', 'library.status.x', 'eval', '__proto__']) {
    const r = await api(op);
    assert.equal(r.status, 404, op);
  }
  const ok = JSON.parse((await api('library.status')).body) as { ok: boolean; value: { photos: number } };
  assert.ok(ok.ok && ok.value.photos === 1);
});

test('API, events and media need the per-launch token', async () => {
  const noToken = await request('POST', '/api/library.status', {
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(noToken.status, 401);
  assert.equal((await api('library.status', {}, 'wrong-token-0123456789abcdef')).status, 401);
  assert.equal((await api('library.status', {}, TOKEN.slice(0, -1))).status, 401);
  assert.equal((await request('GET', '/api/events')).status, 401);
  assert.equal((await request('GET', `/media/face/${lib.faceWithCrop}`)).status, 401);
  assert.equal((await request('GET', `/media/face/${lib.faceWithCrop}?token=nope`)).status, 401);
  const good = await request('GET', `/media/face/${lib.faceWithCrop}?token=${TOKEN}`);
  assert.equal(good.status, 200);
  assert.equal(good.headers['content-type'], 'image/jpeg');
});

test('requests naming another host are refused (DNS rebinding)', async () => {
  for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
    const r = await request('POST', '/api/library.status', {
      headers: { host, 'content-type': 'application/json', 'x-facet-token': TOKEN },
      body: '{}',
    });
    assert.equal(r.status, 421, host);
  }
  const page = await request('GET', '/', { headers: { host: 'attacker.test' } });
  assert.equal(page.status, 421);
});

test('media requests cannot name a path: traversal, encodings and absolute paths are refused', async () => {
  for (const p of [
    '/media/../../etc/passwd',
    '/media/photo/../../../etc/passwd',
    '/media/photo/%2e%2e/%2e%2e/etc/passwd',
    '/media/%2e%2e/%2e%2e/etc/passwd',
    '/media/photo/..%2f..%2fetc%2fpasswd',
    '/media//etc/passwd',
    `/media/photo/${encodeURIComponent('/etc/passwd')}`,
    `/media/photo/${encodeURIComponent(path.join(lib.outside, 'secret.jpg'))}`,
  ]) {
    const sep = p.includes('?') ? '&' : '?';
    const r = await request('GET', `${p}${sep}token=${TOKEN}`);
    assert.ok(r.status >= 400 && r.status < 500, `${p} -> ${r.status}`);
    assert.ok(!r.body.includes('root:'), `${p} leaked a system file`);
  }
  const link = path.join(lib.folder, 'escape.jpg');
  fs.symlinkSync(path.join(lib.outside, 'secret.jpg'), link);
  const id = lib.addPhoto(link);
  assert.equal((await request('GET', `/media/photo/${id}?token=${TOKEN}`)).status, 403);
});

test('the static UI never serves a file outside its folder', async () => {
  const page = await request('GET', '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  for (const p of [
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%00',
  ]) {
    const r = await request('GET', p);
    assert.ok(r.status === 404 || r.status === 400, `${p} -> ${r.status}`);
    assert.ok(!r.body.includes('root:'));
  }
  fs.symlinkSync('/etc/passwd', path.join(staticDir, 'passwd.js'));
  assert.equal((await request('GET', '/passwd.js')).status, 404);
});

test('only POST with JSON reaches an operation; bad JSON is a clear invalid_args', async () => {
  assert.equal((await request('GET', `/api/library.status?token=${TOKEN}`)).status, 405);
  const form = await request('POST', '/api/library.status', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-facet-token': TOKEN },
    body: 'a=1',
  });
  assert.equal(form.status, 415);
  const bad = await request('POST', '/api/library.status', {
    headers: { 'content-type': 'application/json', 'x-facet-token': TOKEN },
    body: '{not json',
  });
  assert.equal(bad.status, 400);
  assert.equal((JSON.parse(bad.body) as { error: { code: string } }).error.code, 'invalid_args');
});

test('events arrive over server-sent events', async () => {
  const got = await new Promise<string>((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/events?token=${TOKEN}`,
        headers: { host: `127.0.0.1:${server.port}` },
      },
      (res) => {
        assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('connected')) ctx.events.changed('people');
          if (text.includes('event: library.changed')) {
            req.destroy();
            resolve(text);
          }
        });
      },
    );
    req.on('error', reject);
  });
  assert.match(got, /event: library\.changed\ndata: \{"topics":\["people"\]\}/);
});

test('a request body over 1 MiB gets a 413, not a connection reset, declared or streamed', async () => {
  const big = (chunked: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'x-facet-token': TOKEN,
        ...(chunked ? {} : { 'content-length': 50 << 20 }),
      };
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/library.status',
        headers,
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 50 && req.write(chunk)) sent++;
        if (sent >= 50) req.end();
      };
      req.on('drain', () => (sent++, pump()));
      req.on('error', () => undefined);
      pump();
    });
  for (const chunked of [false, true]) {
    const r = await big(chunked);
    assert.equal(r.status, 413, chunked ? 'streamed' : 'declared');
    assert.match(r.body, /larger than/);
  }
  const after = await api('library.status');
  assert.equal(after.status, 200, 'the server still answers');
});
