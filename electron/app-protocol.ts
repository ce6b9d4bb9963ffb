/**
 * The `facet-app://bundle/` scheme: serves the built renderer (renderer/dist) with the CSP on every response.
 * Only regular files whose real path is inside the bundle folder are served, so `..`, encoded dots and symlinks
 * pointing elsewhere are refused; a path without an extension falls back to index.html (client-side routes).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './schemes';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps a URL to a file under `root`, or null when it names anything outside it. Pure path logic; the handler
 * also checks the real path (symlinks) before reading.
 */
export function bundlePathFor(root: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const segments = rel.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (segments.length === 0) segments.push('index.html');
  const file = path.resolve(root, ...segments);
  return isInside(path.resolve(root), file) ? file : null;
}

export function createAppHandler(bundleRoot: string): (request: Request) => Promise<Response> {
  const root = path.resolve(bundleRoot);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    let file = bundlePathFor(root, request.url);
    if (!file) return refuse(404, 'not in the app bundle');
    if (!path.extname(file)) file = path.join(root, 'index.html');
    try {
      const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
      if (!isInside(realRoot, realFile)) return refuse(404, 'not in the app bundle');
      const stat = await fs.stat(realFile);
      if (!stat.isFile()) return refuse(404, 'not a file');
      const body = request.method === 'HEAD' ? null : await fs.readFile(realFile);
      const type = MIME[path.extname(realFile).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': type } });
    } catch {
      return refuse(404, 'not found');
    }
  };
}
