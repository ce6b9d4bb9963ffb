import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppHandler } from './app-protocol';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAllowedRequest, isAppUrl } from './schemes';

describe('facet-app:// serves the renderer bundle and nothing else', () => {
  let dir: string;
  let handler: (r: Request) => Promise<Response>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-bundle-'));
    const bundle = path.join(dir, 'dist');
    fs.mkdirSync(path.join(bundle, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(bundle, 'index.html'), '<!doctype html><title>Facet</title>');
    fs.writeFileSync(path.join(bundle, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(bundle, 'assets', 'link.js'));
    handler = createAppHandler(bundle);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves index.html and assets with the CSP and their content type', async () => {
    const res = await handler(new Request(APP_ENTRY_URL));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /<title>Facet/);
    const js = await handler(new Request('facet-app://bundle/assets/app.js'));
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await handler(new Request('facet-app://bundle/'))).status, 200);
  });

  it('refuses traversal, encoded dots and slashes, symlinks out of the bundle, and other hosts', async () => {
    const hostile = [
      'facet-app://bundle/../secret.txt',
      'facet-app://bundle/%2e%2e/secret.txt',
      'facet-app://bundle/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'facet-app://bundle/..%5csecret.txt',
      'facet-app://bundle/assets/link.js',
      'facet-app://bundle/%00index.html',
      `facet-app://bundle/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
      'facet-app://other/index.html',
      'facet-media://bundle/index.html',
    ];
    for (const url of hostile) {
      const res = await handler(new Request(url));
      assert.notEqual(res.status, 200, url);
      assert.doesNotMatch(await res.text(), /do not serve/, url);
    }
  });

  it('answers client-side routes (no extension) with index.html, and refuses writes', async () => {
    const res = await handler(new Request('facet-app://bundle/people/12'));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>Facet/);
    assert.equal((await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status, 405);
  });
});

describe('the content security policy and request filter', () => {
  it('forbids remote content: no http(s) or ws source anywhere, no inline or eval scripts', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|wss?:|\*/);
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    assert.equal(script, "script-src 'self'");
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
  });

  it('lets only our schemes through: every network request is cancelled', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/api',
      'ws://localhost/',
      'file:///etc/passwd',
      'ftp://x/',
    ]) {
      assert.equal(isAllowedRequest(url), false, url);
    }
    for (const url of [APP_ENTRY_URL, 'facet-media://face/1', 'data:image/png;base64,AA==']) {
      assert.equal(isAllowedRequest(url), true, url);
    }
  });

  it('treats only the bundle as a place the window may navigate to', () => {
    assert.equal(isAppUrl(APP_ENTRY_URL), true);
    assert.equal(isAppUrl('facet-app://bundle/#/people'), true);
    for (const url of [
      'https://facet-app.example/',
      'facet-app://evil/index.html',
      'facet-media://face/1',
      'file:///',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
  });
});
