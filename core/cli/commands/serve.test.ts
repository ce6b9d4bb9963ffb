import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../main';
import { startServe } from '../testing/start-serve';

test('facet serve refuses a port that is not a port', async () => {
  const errors: string[] = [];
  const orig = console.error;
  console.error = (m: string) => errors.push(m);
  try {
    assert.equal(await main(['serve', '--port', 'eighty', '--no-open']), 2);
  } finally {
    console.error = orig;
  }
  assert.match(errors.join('\n'), /--port must be a whole number/);
});

test('facet serve prints a loopback URL with a fresh token, answers with it, and stops on SIGTERM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-serve-'));
  const { child, url: printed } = await startServe(path.join(dir, 'lib.db'));
  try {
    const url = new URL(printed);
    const token = url.hash.replace('#token=', '');
    assert.match(token, /^[\w-]{20,}$/, 'a fresh token of 20+ characters');
    const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: url.port,
          method: 'POST',
          path: '/api/library.status',
          headers: { 'content-type': 'application/json', 'x-facet-token': token },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status.code, 200);
    assert.deepEqual(JSON.parse(status.body).value.photos, 0);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'a clean shutdown');
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
