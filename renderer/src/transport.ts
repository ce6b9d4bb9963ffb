/**
 * The one place that knows where the UI runs: inside Electron the preload exposes `window.facet` (the contract's
 * FacetBridge); in a browser we talk to `facet serve` over HTTP + server-sent events with the per-launch token.
 */
import type { ApiEvents, Envelope, EventName, FacetBridge, OpName } from '../../core/api/contract';

export type MediaKind = 'face' | 'thumb' | 'photo';

export interface Transport extends FacetBridge {
  mediaUrl(kind: MediaKind, id: number): string;
}

declare global {
  interface Window {
    facet?: FacetBridge;
  }
}

const TOKEN_KEY = 'facet.token';

/** Takes the token from `#token=...` once, keeps it for this tab, and clears it from the address bar. */
function takeToken(): string {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search + '#/');
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new Error('Open Facet with the address `facet serve` printed (it carries the access token).');
  return token;
}

function httpTransport(): Transport {
  const token = takeToken();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`api/events?token=${encodeURIComponent(token)}`);
    for (const name of ['job', 'library.changed'] as EventName[])
      source.addEventListener(name, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
        listeners.get(name)?.forEach((l) => l(payload));
      });
  };
  return {
    async call(op: OpName, args: unknown) {
      try {
        const res = await fetch(`api/${op}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-facet-token': token },
          body: JSON.stringify(args ?? {}),
        });
        if (res.status === 401) return { ok: false, error: { code: 'unavailable', message: 'access token refused' } };
        return (await res.json()) as Envelope<never>;
      } catch (err) {
        return { ok: false, error: { code: 'unavailable', message: `Facet is not reachable: ${String(err)}` } };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      if (!source) connect();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    mediaUrl: (kind, id) => `media/${kind}/${id}?token=${encodeURIComponent(token)}`,
  } as Transport;
}

function electronTransport(bridge: FacetBridge): Transport {
  return {
    call: bridge.call.bind(bridge),
    on: bridge.on.bind(bridge),
    mediaUrl: (kind, id) => `facet-media://${kind}/${id}`,
  };
}

export function pickTransport(): Transport {
  return window.facet ? electronTransport(window.facet) : httpTransport();
}
