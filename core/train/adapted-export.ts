/**
 * For `facet export --json`: when a trained version is active, each face's descriptor mapped into the matching
 * space (`adaptedEmbedding`, beside the unchanged backbone `embedding`); null when none is active, so the
 * export's format stays exactly as before.
 */
import type { Database } from 'better-sqlite3';
import { loadMatchingSpace } from '../space/matching-space';

export function adaptedEmbedder(db: Database): ((embedding: Float32Array) => Float32Array) | null {
  const space = loadMatchingSpace(db);
  return space.versionId === null ? null : (embedding) => space.map(embedding);
}
