import type { Database } from 'better-sqlite3';
import { loadMedia } from '../core/api/media';
import type { MediaBytes, MediaKind } from './engine-protocol';

/**
 * Media for the `facet-media://` scheme, by row id, from the library database only (core/api/media.ts: the same
 * code `facet serve` uses, which also refuses a photo whose real path has left its library folder).
 * Any refusal is "no such media" to the page: it learns nothing about the file system.
 */
export function libraryMedia(db: Database): (kind: MediaKind, id: number) => Promise<MediaBytes | null> {
  return async (kind, id) => {
    const result = await loadMedia(db, { kind, id });
    return result.ok ? { bytes: result.bytes, mime: result.contentType } : null;
  };
}
