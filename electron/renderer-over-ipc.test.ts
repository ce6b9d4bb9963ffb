import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { EVENT_NAMES, type FacetBridge } from '../core/api/contract';
import { openDatabase } from '../core/db/connection';
import { createAppHandler } from './app-protocol';
import { EngineClient } from './engine-client';
import { eventChannel } from './ipc-channels';
import { registerIpcTransport } from './ipc-transport';
import { createMediaHandler } from './media-protocol';
import { registerShellIpc } from './shell-ipc';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from './schemes';
import { FakeIpcMain, FakeIpcRenderer } from './testing/fake-ipc';
import { runPreloadSandboxed } from './testing/load-preload';
import { spawnTsWorker } from './testing/spawn-ts-worker';

/*
 * The real renderer bundle in Debian's Chromium, talking to the engine the way it does inside Electron: through
 * `window.facet` (the real, sandboxed preload object; a Playwright binding stands in for contextBridge), the IPC
 * handler table, and the engine worker on a library database. The bundle is served by the same handler as
 * `facet-app://`, so it runs under the app's CSP. Only the Electron binary itself is missing.
 */
const ROOT = path.join(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = path.join(ROOT, 'renderer', 'dist');
const SHOTS = path.join(ROOT, 'test-output', 'electron');
const skip = !fs.existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
  : !fs.existsSync(path.join(BUNDLE, 'index.html'))
    ? 'renderer/dist is not built (npm run build:renderer)'
    : false;

describe('the renderer over the Electron transport (preload -> IPC -> worker)', { skip }, () => {
  let dir: string;
  let picked: string;
  let client: EngineClient;
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  const crops = new Map<number, Buffer>();
  const outbound: string[] = [];
  const mediaRequests: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-renderer-ipc-'));
    const dbPath = path.join(dir, 'library.db');
    await seedLibrary(dbPath, crops);

    client = new EngineClient(() => spawnTsWorker(path.join(__dirname, 'engine-worker.ts'), { dbPath }));
    const ipcMain = new FakeIpcMain();
    registerIpcTransport(ipcMain, { isTrustedSender: () => true, call: (op, args) => client.call(op, args) });
    // the native dialog, as the main process shows it: here it "picks" an empty folder
    picked = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'facet-picked-')), 'picked folder');
    fs.mkdirSync(picked);
    registerShellIpc(ipcMain, { isTrustedSender: () => true, chooseFolders: async () => [picked] });
    const ipcRenderer = new FakeIpcRenderer(ipcMain, { sender: {}, senderFrame: { url: APP_ENTRY_URL } });
    client.onEvent((name, payload) => ipcRenderer.emit(eventChannel(name), payload));
    const facet = runPreloadSandboxed({ ipcRenderer }).exposed.get('facet') as FacetBridge;

    // The bundle through the facet-app:// handler (CSP and all), on loopback so Chromium can load it.
    const bundle = createAppHandler(BUNDLE);
    server = http.createServer(async (req, res) => {
      const response = await bundle(new Request(`facet-app://bundle${req.url ?? '/'}`));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    // facet-media:// is answered by the app's media handler, as protocol.handle would; anything not on loopback
    // is recorded and refused.
    const media = createMediaHandler((r) => client.media(r.kind, r.id));
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'facet-media:') {
        mediaRequests.push(url.href);
        const res = await media(new Request(url.href));
        return route.fulfill({
          status: res.status,
          headers: Object.fromEntries(res.headers),
          body: Buffer.from(await res.arrayBuffer()),
        });
      }
      if (url.hostname === '127.0.0.1') return route.continue();
      outbound.push(url.href);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    await page.exposeFunction('__facetCall', (op: string, args: unknown) => facet.call(op as never, args as never));
    await page.exposeFunction('__facetChooseFolders', () => facet.shell!.chooseFolders());
    // A string, not a function: tsx's helpers (__name) would not exist in the page.
    await page.addInitScript(PAGE_BRIDGE);
    for (const name of EVENT_NAMES) {
      facet.on(name, (payload) => {
        page.evaluate(`window.__facetEmit(${JSON.stringify(name)}, ${JSON.stringify(payload)})`).catch(() => {});
      });
    }
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.goto(`http://127.0.0.1:${port}/index.html#/people`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await client?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (picked) fs.rmSync(path.dirname(picked), { recursive: true, force: true });
  });

  it('shows the people of the library, under the app CSP', async () => {
    const csp = await page.evaluate(`fetch('index.html').then((r) => r.headers.get('content-security-policy'))`);
    assert.equal(csp, CONTENT_SECURITY_POLICY);
    await page.locator('.person-card').first().waitFor({ timeout: 15_000 });
    const names = await page.locator('.person-card .person-name').allTextContents();
    assert.deepEqual([...names].sort(), ['Ada', 'Grace', 'Unnamed']);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'people-over-ipc.png') });
  });

  it('asks for face images by facet-media:// URL, which the media scheme answers from the library', async () => {
    const srcs = await page
      .locator('.person-card img.face')
      .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
    assert.equal(srcs.length, 3);
    const media = createMediaHandler((r) => client.media(r.kind, r.id));
    const loaded = await page.locator('.person-card img.face').evaluateAll((imgs) =>
      // The root tsconfig has no DOM types: describe the two image fields needed.
      imgs.map((i) => (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
    );
    assert.deepEqual(loaded, [96, 96, 96], 'the page displays the crops (96 px) it got through facet-media://');
    for (const src of srcs) {
      const m = /^facet-media:\/\/face\/(\d+)$/.exec(src ?? '');
      assert.ok(m, `face image URL ${src}`);
      const res = await media(new Request(src!));
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), crops.get(Number(m[1])));
    }
  });

  it('updates the page from engine events: a rename elsewhere shows up without a reload', async () => {
    const people = await client.call('people.list', {});
    assert.ok(people.ok);
    const unnamed = (people.value as { id: number; name: string | null }[]).find((p) => p.name === null)!;
    const renamed = await client.call('people.rename', { personId: unnamed.id, name: 'Katherine' });
    assert.ok(renamed.ok, JSON.stringify(renamed));
    await page.locator('.person-card .person-name', { hasText: 'Katherine' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, 'people-renamed-over-ipc.png') });
  });

  it('adds a folder chosen in the native dialog (the Library\'s "Choose a folder…", only in the desktop app)', async () => {
    await page.goto(page.url().replace(/#.*$/, '#/library'));
    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    await page.locator('table.folders td.path', { hasText: 'picked folder' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('table.folders td.path', { hasText: 'picked folder' }).innerText(), picked);
  });

  it('made no request to anything but the bundle and the media scheme', () => {
    assert.deepEqual(outbound, []);
    assert.ok(mediaRequests.length >= 3, 'the face images were requested through facet-media://');
  });
});

/** What the preload's contextBridge gives the page, played by a binding to the real preload object in Node. */
const PAGE_BRIDGE = `
  (() => {
    const listeners = new Map();
    window.__facetEmit = (name, payload) => listeners.get(name)?.forEach((l) => l(payload));
    window.facet = {
      call: (op, args) => window.__facetCall(op, args),
      on(name, listener) {
        if (!listeners.has(name)) listeners.set(name, new Set());
        listeners.get(name).add(listener);
        return () => listeners.get(name).delete(listener);
      },
      // a File does not cross Playwright's binding, so dropping is not driven here (see the preload test)
      shell: { chooseFolders: () => window.__facetChooseFolders(), pathForFile: () => '' },
    };
  })();
`;

/** Three people (two named), three faces each, stored crops: what a scan and some naming would have left. */
async function seedLibrary(dbPath: string, crops: Map<number, Buffer>): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    const now = Date.now();
    db.prepare('INSERT INTO folders (id, path, added_at) VALUES (1, ?, ?)').run(path.dirname(dbPath), now);
    db.prepare("INSERT INTO models (id, kind, name, created_at, active) VALUES (1, 'backbone', 'seed', ?, 1)").run(now);
    const photo = db.prepare(
      "INSERT INTO photos (id, folder_id, path, size, mtime, status) VALUES (?, 1, ?, 1, 0, 'done')",
    );
    const person = db.prepare('INSERT INTO people (id, name, created_at) VALUES (?, ?, ?)');
    const face = db.prepare(
      `INSERT INTO faces (id, photo_id, x, y, w, h, score, quality, crop, embedding, model_id, person_id, assigned_by)
       VALUES (?, ?, 10, 10, 80, 80, 0.99, ?, ?, ?, 1, ?, ?)`,
    );
    const colours = ['#c0392b', '#2980b9', '#27ae60'];
    const names = ['Ada', 'Grace', null];
    for (let p = 0; p < 3; p++) {
      person.run(p + 1, names[p], now);
      for (let k = 0; k < 3; k++) {
        const id = p * 3 + k + 1;
        photo.run(id, path.join(path.dirname(dbPath), `photo-${id}.jpg`));
        const crop = await sharp({ create: { width: 96, height: 96, channels: 3, background: colours[p] } })
          .jpeg()
          .toBuffer();
        crops.set(id, crop);
        const v = new Float32Array(128);
        v[p] = 1;
        v[3 + k] = 0.1;
        const embedding = Buffer.from(v.buffer, v.byteOffset, 512);
        face.run(id, id, 1 - k * 0.1, crop, embedding, p + 1, names[p] ? 'user' : 'machine');
      }
    }
  } finally {
    db.close();
  }
}
