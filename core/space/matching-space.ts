/**
 * The space in which faces are matched against LABELLED people (k-NN assignment, suggestions, Verify of
 * named people): the active trained head, or the backbone itself when no version is active. Clustering
 * of unlabelled faces never goes through here; it always uses the raw backbone descriptors.
 */
import type { Database } from 'better-sqlite3';
import { getMatchThreshold } from './thresholds';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { applyHead } from './head';
import { getActiveHeadVersion } from './versions-repo';

export interface MatchingSpace {
  /** The active head's models.id, or null for the backbone (identity). */
  readonly versionId: number | null;
  /** One 128-D descriptor into the space (a new array, L2-normalised). */
  map(desc: Float32Array): Float32Array;
  /** n descriptors (n*128, row-major) into the space. */
  mapAll(vectors: Float32Array): Float32Array;
  /** Distance at or below which two faces in this space count as the same person. */
  readonly threshold: number;
}

export function loadMatchingSpace(db: Database): MatchingSpace {
  const active = getActiveHeadVersion(db);
  if (!active) {
    const copy = (v: Float32Array) => Float32Array.from(v);
    return { versionId: null, map: copy, mapAll: copy, threshold: getMatchThreshold(db, 'backbone') };
  }
  const { head } = active;
  return {
    versionId: active.id,
    map(desc) {
      if (desc.length !== DESCRIPTOR_SIZE) throw new Error(`descriptor must have ${DESCRIPTOR_SIZE} values`);
      return applyHead(head, desc);
    },
    mapAll: (vectors) => applyHead(head, vectors),
    threshold: active.threshold ?? getMatchThreshold(db, 'backbone'),
  };
}
