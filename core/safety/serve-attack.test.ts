// `facet serve` attacked from outside: a real server process, reached over the network stack like a hostile
// page or another local user would. Complements core/api/http-transport.test.ts (in-process).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../db/connection';
import { addFolder } from '../db/folders-repo';
import { insertPendingPhoto, markPhotoDone } from '../db/photos-repo';
import { rawRequest, type Reply } from '../api/testing/raw-http';
import { exitCode, spawnTs, waitForOutput } from './testing/spawn';

let server: ChildProcess;
let port = 0;
let token = '';
const ids: Record<string, number> = {};

function request(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return rawRequest(port, method, rawPath, { headers, body });
}

const withToken = (p: string) => `${p}${p.includes('?') ? '&' : '?'}token=${token}`;

let dir = '';

before(async () => {
  // Not tempDir(): an after() registered inside a before hook runs when the hook ends, not when the file does.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-serve-attack-'));
  const lib = path.join(dir, 'library');
  const outside = path.join(dir, 'outside');
  const ui = path.join(dir, 'ui');
  for (const d of [lib, outside, ui]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Facet</title>');
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } })
    .jpeg()
    .toBuffer();
  fs.writeFileSync(path.join(lib, 'ok.jpg'), jpeg);
  fs.writeFileSync(path.join(outside, 'secret.jpg'), jpeg);
  fs.writeFileSync(path.join(outside, 'SECRET.txt'), 'the secret outside the library');
  fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(lib, 'escape.jpg'));
  fs.symlinkSync(outside, path.join(lib, 'linked-dir'));
  const dbFile = path.join(dir, 'library.db');
  const db = openDatabase(dbFile);
  const folderId = addFolder(db, lib).id;
  for (const [key, file] of [
    ['ok', path.join(lib, 'ok.jpg')],
    ['escape', path.join(lib, 'escape.jpg')],
    ['viaDir', path.join(lib, 'linked-dir', 'secret.jpg')],
  ]) {
    ids[key] = insertPendingPhoto(db, { folderId, path: file, size: jpeg.length, mtime: 1 });
    markPhotoDone(db, ids[key], { size: jpeg.length, mtime: 1, hash: key, width: 64, height: 48, takenAt: null });
  }
  db.close();
  server = spawnTs('core/safety/testing/facet-child.ts', ['serve', '--no-open', '--db', dbFile, '--port', '0'], {
    FACET_RENDERER_DIR: ui,
  });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => (out += d));
  await waitForOutput(server, '#token=', 60_000);
  const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
  assert.ok(m, out);
  port = Number(m[1]);
  token = m[2];
});

after(async () => {
  server.kill('SIGTERM');
  await exitCode(server);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the server is reachable on 127.0.0.1 only, not on any other address of this machine', async (t) => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith('fe80:')) // link-local needs a scope id
    .map((a) => a!.address);
  if (!external.length) t.diagnostic('no non-loopback address on this machine: only loopback checked');
  for (const address of external) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: address, port, timeout: 3000 });
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
      s.once('timeout', () => (s.destroy(), resolve(true)));
    });
    assert.ok(refused, `reachable on ${address}:${port}`);
  }
  const page = await request('GET', '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  assert.doesNotMatch(String(page.headers['content-security-policy']), /https?:|\*/, 'no remote sources allowed');
});

test('nothing but the UI shell is served without the per-launch token', async () => {
  const api = { 'content-type': 'application/json' };
  assert.equal((await request('POST', '/api/library.status', api, '{}')).status, 401);
  assert.equal((await request('POST', '/api/library.status', { ...api, 'x-facet-token': '' }, '{}')).status, 401);
  const upper = token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase();
  assert.equal((await request('POST', '/api/library.status', { ...api, 'x-facet-token': upper }, '{}')).status, 401);
  assert.equal(
    (await request('POST', '/api/library.status', { ...api, 'x-facet-token': token + 'x' }, '{}')).status,
    401,
  );
  assert.equal((await request('GET', '/api/events')).status, 401);
  assert.equal((await request('GET', `/media/photo/${ids.ok}`)).status, 401);
  assert.equal((await request('GET', `/media/photo/${ids.ok}?token=`)).status, 401);
  const ok = await request('GET', withToken(`/media/photo/${ids.ok}`));
  assert.equal(ok.status, 200, 'control: the library photo is served with the token');
});

test('a page from another origin gets no CORS permission to read answers', async () => {
  const r = await request(
    'POST',
    '/api/library.status',
    { 'content-type': 'application/json', 'x-facet-token': token, origin: 'http://evil.example' },
    '{}',
  );
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  const pre = await request('OPTIONS', '/api/library.status', {
    origin: 'http://evil.example',
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'x-facet-token,content-type',
  });
  assert.ok(pre.status >= 400, `preflight answered ${pre.status}`);
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
});

test('traversal in every spelling is refused on media and static paths, and nothing outside leaks', async () => {
  const attacks = [
    '/media/photo/../../../../etc/passwd',
    '/media/photo/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/media/photo/%252e%252e/%252e%252e/etc/passwd',
    '/media/photo/..%2f..%2f..%2fetc%2fpasswd',
    '/media/photo/..%5c..%5c..%5cetc%5cpasswd',
    '/media/photo/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    `/media/photo/${ids.ok}/../../../../etc/passwd`,
    `/media/photo/${ids.ok}%00.jpg`,
    '/media/photo/%2fetc%2fpasswd',
    `/media/photo/${encodeURIComponent(fs.realpathSync('/etc/passwd'))}`,
    '//etc/passwd',
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/.%2e/.%2e/.%2e/.%2e/etc/passwd',
    '/..\\..\\..\\..\\etc\\passwd',
    '/%252e%252e/%252e%252e/etc/passwd',
    `http://127.0.0.1:${port}/../../../../etc/passwd`,
    '/%00/etc/passwd',
  ];
  for (const a of attacks) {
    for (const p of [a, withToken(a)]) {
      const r = await request('GET', p);
      assert.ok(r.status >= 400 && r.status < 500, `${p} -> ${r.status}`);
      assert.ok(!r.body.includes('root:') && !r.body.includes('the secret'), `${p} leaked a file`);
    }
  }
});

test('symlinks leading out of the library folder are refused, though their rows are in the library', async () => {
  assert.equal((await request('GET', withToken(`/media/photo/${ids.escape}`))).status, 403);
  assert.equal((await request('GET', withToken(`/media/thumb/${ids.viaDir}`))).status, 403);
  assert.equal((await request('GET', withToken(`/media/thumb/${ids.ok}`))).status, 200);
});
