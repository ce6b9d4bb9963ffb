/**
 * The space in which faces are matched against LABELLED people (k-NN assignment, suggestions, Verify of
 * named people): the active trained head, or the backbone itself when no version is active. Clustering
 * of unlabelled faces never goes through here; it always uses the raw backbone descriptors.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { applyHead } from './head';
import { getActiveHeadVersion } from './versions-repo';

/**
 * Match threshold (Euclidean distance between L2-normalised descriptors) of the backbone space when no
 * calibrated value is stored: the face-api descriptors' best same/different threshold measured in
 * notes/finetune-experiment.md is ~0.42; at FAR 1e-3 it is a little lower.
 */
export const DEFAULT_BACKBONE_THRESHOLD = 0.42;

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
    return { versionId: null, map: copy, mapAll: copy, threshold: backboneThreshold(db) };
  }
  const { head } = active;
  return {
    versionId: active.id,
    map(desc) {
      if (desc.length !== DESCRIPTOR_SIZE) throw new Error(`descriptor must have ${DESCRIPTOR_SIZE} values`);
      return applyHead(head, desc);
    },
    mapAll: (vectors) => applyHead(head, vectors),
    threshold: active.threshold ?? DEFAULT_BACKBONE_THRESHOLD,
  };
}

/** A calibrated backbone threshold stored on the backbone's models row, else the default. */
function backboneThreshold(db: Database): number {
  const row = db
    .prepare(
      `SELECT threshold FROM models WHERE kind = 'backbone' AND threshold IS NOT NULL ORDER BY active DESC, id DESC LIMIT 1`,
    )
    .get() as { threshold: number } | undefined;
  return row?.threshold ?? DEFAULT_BACKBONE_THRESHOLD;
}
