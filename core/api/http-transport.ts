/**
 * `facet serve`'s transport of the contract: POST /api/<op> (JSON envelope), GET /api/events (server-sent events),
 * GET /media/<kind>/<id> and the built renderer, on 127.0.0.1 only. Every API, event and media request must carry
 * the per-launch token (header `x-facet-token`, or `?token=` where a browser cannot set headers: EventSource, <img>),
 * and a Host header naming this server (so a DNS-rebound page cannot reach it).
 */
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiContext } from './api-context';
import { EVENT_NAMES } from './contract';
import { dispatch } from './dispatch';
import { loadMedia, parseMediaPath } from './media';

export interface ServeOptions {
  readonly ctx: ApiContext;
  readonly token: string;
  /** Built renderer (renderer/dist); when missing, `/` explains how to build it. */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface RunningServer {
  readonly port: number;
  /** The address to open, token in the fragment (never sent to the server in a Referer or log line). */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

/** A request body over MAX_BODY: answered 413, never read to its end. */
class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return reject(new BodyTooLarge());
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const DRAIN_LIMIT_MS = 5000;

/**
 * 413, while the rest of the body is read and dropped (a lingering close): closing a socket with unread data makes
 * the kernel reset the connection, and the client may then lose the 413 before it reads it. A client that keeps
 * sending past the drain limit is cut off.
 */
function refuseLargeBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.removeAllListeners('data');
  const cutOff = setTimeout(() => req.destroy(), DRAIN_LIMIT_MS).unref();
  const done = () => clearTimeout(cutOff);
  req.once('end', done).once('close', done);
  req.resume();
  send(res, 413, `the request body is larger than ${MAX_BODY} bytes`);
}

/** A file of the built renderer, or null for anything that would leave its folder. */
function staticFile(staticDir: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(staticDir);
  const file = path.resolve(root, '.' + path.posix.normalize(rel));
  if (!file.startsWith(root + path.sep)) return null;
  try {
    const real = fs.realpathSync(file);
    const realRoot = fs.realpathSync(root);
    return real.startsWith(realRoot + path.sep) && fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

export function serveApi(opts: ServeOptions): Promise<RunningServer> {
  const { ctx, token, staticDir } = opts;
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, err instanceof Error ? err.message : 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'unknown host');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = (req.headers['x-facet-token'] as string | undefined) ?? url.searchParams.get('token');

    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) {
      if (!sameToken(given, token)) return send(res, 401, 'missing or wrong token');
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'use GET');
      return openEventStream(req, res);
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'use POST');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'send application/json');
      let args: unknown;
      try {
        const body = await readBody(req);
        args = body ? JSON.parse(body) : {};
      } catch (err) {
        if (err instanceof BodyTooLarge) return refuseLargeBody(req, res);
        return sendJson(res, 400, {
          ok: false,
          error: { code: 'invalid_args', message: `the request body is not JSON: ${(err as Error).message}` },
        });
      }
      const envelope = await dispatch(ctx, url.pathname.slice('/api/'.length), args);
      const status = !envelope.ok && envelope.error.code === 'unknown_op' ? 404 : 200;
      return sendJson(res, status, envelope);
    }
    if (url.pathname.startsWith('/media/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'use GET');
      const media = parseMediaPath(url.pathname.slice('/media/'.length));
      if (!media) return send(res, 400, 'not a media request');
      const result = await loadMedia(ctx.db, media);
      if (!result.ok) return send(res, result.status, result.reason);
      res.writeHead(200, {
        'content-type': result.contentType,
        'content-length': result.bytes.length,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=60',
      });
      res.end(req.method === 'HEAD' ? undefined : result.bytes);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'use GET');
    const file = staticFile(staticDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html')
        return send(res, 503, 'The UI is not built yet: run `npm run build:renderer`.');
      return send(res, 404, 'not found');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.endsWith('.html') ? 'no-store' : 'private, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function openEventStream(req: http.IncomingMessage, res: http.ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const offs = EVENT_NAMES.map((name) =>
      ctx.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      offs.forEach((off) => off());
      streams.delete(res);
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        port,
        url: `http://127.0.0.1:${port}/#token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of streams) s.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
