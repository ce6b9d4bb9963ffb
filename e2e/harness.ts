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
  /** Addresses the page asked for that answered 404 (a missing asset, e.g. the favicon). */
  readonly notFound: string[];
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
    const notFound: string[] = [];
    context.on('response', (r) => {
      if (r.status() === 404) notFound.push(r.url());
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
      notFound,
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

/** Adds a folder through the Library's form and waits for its scan to finish (fails on a failed scan). */
export async function scanFolder(s: Session, folder: string): Promise<void> {
  const { page } = s;
  await page.goto(s.url.replace(/#.*$/, '#/library'));
  const job = page.getByTestId('job-scan');
  const before = (await job.count()) ? await job.getAttribute('data-job-id') : null;
  await page.getByLabel('Folder to add').fill(folder);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await page.waitForFunction(
    (old) => (document.querySelector('[data-testid="job-scan"]')?.getAttribute('data-job-id') ?? null) !== old,
    before,
  );
  await page.locator('[data-testid="job-scan"]:not([data-state="running"])').waitFor({ timeout: 180_000 });
  const state = await page.getByTestId('job-scan').getAttribute('data-state');
  if (state !== 'done') throw new Error(`scan ended ${state}: ${await page.getByTestId('job-scan').innerText()}`);
}

/** Copies one of the face-api demo photos into `dir` (created if needed), optionally without its EXIF block. */
export function copySample(n: number, dir: string, as = `sample${n}.jpg`, opts: { stripExif?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const bytes = fs.readFileSync(path.join(SAMPLES, `sample${n}.jpg`));
  fs.writeFileSync(path.join(dir, as), opts.stripExif ? withoutExif(bytes) : bytes);
}

/** The JPEG without its APP1 segments (EXIF, XMP): a photo that does not say when it was taken. */
function withoutExif(jpeg: Buffer): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1];
    if (marker === 0xda) break; // start of scan: the rest is image data
    const len = jpeg.readUInt16BE(i + 2);
    if (marker !== 0xe1) parts.push(jpeg.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  parts.push(jpeg.subarray(i));
  return Buffer.concat(parts);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element's text or label matches `what`, as a keyboard
 * user does; fails after `max` presses.
 */
export async function tabTo(page: Page, what: RegExp, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      return `${el.getAttribute('aria-label') ?? ''} ${el.innerText ?? ''} ${(el as HTMLInputElement).placeholder ?? ''}`.trim();
    });
    if (what.test(label)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}
