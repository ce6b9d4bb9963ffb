/**
 * End-to-end harness: builds the renderer if needed, starts the real `facet serve` (a child process on a temp
 * database) and Debian's Chromium through playwright-core, and fails on any request to a non-loopback address.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServe } from '../core/cli/testing/start-serve';

export const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(__dirname, '..');
export const SHOTS = path.join(REPO, 'test-output', 'e2e');
const SAMPLES = path.join(REPO, 'node_modules', '@vladmandic', 'face-api', 'demo');

export interface Session {
  readonly page: Page;
  readonly url: string;
  readonly photos: string;
  /** Requests the page tried to make to anything but this machine (must stay empty). */
  readonly outbound: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

function ensureRendererBuilt(): string {
  const dist = path.join(REPO, 'renderer', 'dist');
  const srcNewest = newestMtime(path.join(REPO, 'renderer', 'src'));
  const built = fs.existsSync(path.join(dist, 'index.html')) ? fs.statSync(path.join(dist, 'index.html')).mtimeMs : 0;
  if (built < srcNewest) {
    const r = spawnSync(
      process.execPath,
      [
        path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--logLevel',
        'error',
      ],
      {
        cwd: REPO,
        stdio: 'inherit',
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    if (r.status !== 0) throw new Error('vite build of the renderer failed');
  }
  return dist;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export interface SessionOptions {
  /** Fills the library database before the server opens it (e.g. a large synthetic library). */
  readonly seed?: (dbFile: string, photos: string) => Promise<void> | void;
  /** Adds a text file named .jpg to the photos. */
  readonly brokenFile?: boolean;
}

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-e2e-'));
  const photos = path.join(tmp, 'photos');
  fs.mkdirSync(photos);
  for (let i = 1; i <= 6; i++)
    fs.copyFileSync(path.join(SAMPLES, `sample${i}.jpg`), path.join(photos, `sample${i}.jpg`));
  // A file that only pretends to be a photo: the scan must list its error and go on.
  if (opts.brokenFile) fs.writeFileSync(path.join(photos, 'not-a-photo.jpg'), 'this is text, not a JPEG\n');
  fs.mkdirSync(SHOTS, { recursive: true });
  ensureRendererBuilt();
  await opts.seed?.(path.join(tmp, 'library.db'), photos);
  const { child, url } = await startServe(path.join(tmp, 'library.db'));
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    const outbound: string[] = [];
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
      if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') {
        outbound.push(u.href);
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('[page error]', err.message));
    await page.goto(url);
    const b = browser;
    return {
      page,
      url,
      photos,
      outbound,
      shot: async (name) => {
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      },
      close: async () => {
        await b.close();
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        fs.rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    child.kill('SIGTERM');
    throw err;
  }
}
