/**
 * The `facet-media://` scheme: `facet-media://face/123`, `facet-media://thumb/45`, `facet-media://photo/45`.
 * A URL names a kind and a row id, never a path: the bytes come from the library database (through the engine),
 * so nothing outside the library can be reached however the URL is spelled (`..`, `%2e%2e`, absolute paths,
 * symlinks all fail the same strict parse).
 */
import { MEDIA_KINDS, type MediaBytes, type MediaKind } from './engine-protocol';
import { MEDIA_SCHEME } from './schemes';

export interface MediaRequest {
  readonly kind: MediaKind;
  readonly id: number;
}

const ID = /^[1-9][0-9]{0,15}$/;

/** Parses a media URL; null for anything that is not exactly `facet-media://<kind>/<positive integer>`. */
export function parseMediaUrl(raw: string): MediaRequest | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.username || url.password || url.port) return null;
  if (url.search || url.hash) return null;
  const kind = MEDIA_KINDS.find((k) => k === url.host);
  // The path must be one segment of digits: no percent-escapes, no further segments, no dots.
  const segment = url.pathname.startsWith('/') ? url.pathname.slice(1) : '';
  if (!kind || !ID.test(segment)) return null;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? { kind, id } : null;
}

export type MediaSource = (request: MediaRequest) => Promise<MediaBytes | null>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** The `protocol.handle` handler: GET only, a strict parse, bytes from `source`, private cache, no sniffing. */
export function createMediaHandler(source: MediaSource): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const parsed = parseMediaUrl(request.url);
    if (!parsed) return plain(404, 'not a library media URL');
    let media: MediaBytes | null;
    try {
      media = await source(parsed);
    } catch (err) {
      return plain(500, err instanceof Error ? err.message : String(err));
    }
    if (!media) return plain(404, `no ${parsed.kind} ${parsed.id} in the library`);
    return new Response(request.method === 'HEAD' ? null : Buffer.from(media.bytes), {
      status: 200,
      headers: {
        'content-type': media.mime,
        'content-length': String(media.bytes.byteLength),
        'cache-control': 'private, max-age=60',
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
