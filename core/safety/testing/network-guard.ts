/**
 * Makes every outbound network attempt of this process fail, and records it: TCP/TLS/HTTP(S) (all through
 * net.Socket.prototype.connect), fetch, DNS lookups and UDP. Loopback and local (Unix socket / pipe)
 * connections are allowed: `facet serve` and the app's own IPC are on this machine.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface Attempt {
  readonly api: string;
  readonly target: string;
}

export interface NetworkGuard {
  readonly attempts: Attempt[];
  restore(): void;
}

export class NetworkBlockedError extends Error {
  override name = 'NetworkBlockedError';
}

export function isLoopbackHost(host: string | undefined | null): boolean {
  if (!host) return true; // Node's default host is localhost
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.') || h.startsWith('::ffff:127.');
}

type Patch = [object, string, unknown];

export function installNetworkGuard(): NetworkGuard {
  const attempts: Attempt[] = [];
  const saved: Patch[] = [];
  const patch = <T extends object>(obj: T, key: string, make: (orig: (...a: unknown[]) => unknown) => unknown) => {
    const orig = (obj as Record<string, unknown>)[key] as (...a: unknown[]) => unknown;
    saved.push([obj, key, orig]);
    (obj as Record<string, unknown>)[key] = make(orig);
  };
  const block = (api: string, target: string): never => {
    attempts.push({ api, target });
    throw new NetworkBlockedError(`${api} to ${target} attempted: Facet must not use the network`);
  };

  patch(
    net.Socket.prototype,
    'connect',
    (orig) =>
      function (this: net.Socket, ...args: unknown[]) {
        // net.connect() passes its normalised [options, callback] array; users pass (options) or (port, host).
        const first = Array.isArray(args[0]) ? args[0][0] : args[0];
        let host: string | undefined;
        let port: unknown;
        let local = false;
        if (first && typeof first === 'object') {
          const o = first as { host?: string; port?: unknown; path?: string };
          local = typeof o.path === 'string';
          host = o.host;
          port = o.port;
        } else if (typeof first === 'string' && Number.isNaN(Number(first)))
          local = true; // a socket path
        else {
          port = first;
          host = typeof args[1] === 'string' ? args[1] : undefined;
        }
        if (!local && !isLoopbackHost(host)) block('net.Socket.connect', `${host}:${String(port)}`);
        return orig.apply(this, args);
      },
  );
  const wrapLookup = (api: string) => (orig: (...a: unknown[]) => unknown) =>
    function (this: unknown, hostname: string, ...rest: unknown[]) {
      if (!isLoopbackHost(hostname)) block(api, hostname);
      return orig.call(this, hostname, ...rest);
    };
  patch(dns, 'lookup', wrapLookup('dns.lookup'));
  patch(dns.promises, 'lookup', wrapLookup('dns.promises.lookup'));
  for (const fn of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    patch(dns, fn, wrapLookup(`dns.${fn}`));
    patch(dns.promises, fn, wrapLookup(`dns.promises.${fn}`));
  }
  patch(
    dgram.Socket.prototype,
    'send',
    () =>
      function (this: dgram.Socket, ...args: unknown[]) {
        const host = args.find((a, i) => i > 0 && typeof a === 'string') as string | undefined;
        return block('dgram.send', host ?? '(connected socket)');
      },
  );
  patch(
    globalThis,
    'fetch',
    (orig) =>
      function (this: unknown, input: unknown, ...rest: unknown[]) {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (!isLoopbackHost(url.hostname)) {
          try {
            block('fetch', url.href);
          } catch (err) {
            return Promise.reject(err);
          }
        }
        return orig.call(this, input, ...rest);
      },
  );
  for (const [mod, name] of [
    [http, 'http'],
    [https, 'https'],
  ] as const)
    for (const fn of ['request', 'get'])
      patch(
        mod,
        fn,
        (orig) =>
          function (this: unknown, ...args: unknown[]) {
            const a = args[0];
            const host =
              typeof a === 'string' || a instanceof URL
                ? new URL(String(a)).hostname
                : ((a as { hostname?: string; host?: string } | undefined)?.hostname ??
                  (a as { host?: string } | undefined)?.host);
            if (!isLoopbackHost(host ?? undefined)) block(`${name}.${fn}`, String(host));
            return orig.apply(this, args);
          },
      );
  return {
    attempts,
    restore() {
      for (const [obj, key, orig] of saved.reverse()) (obj as Record<string, unknown>)[key] = orig;
    },
  };
}
