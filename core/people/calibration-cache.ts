/**
 * The naming rule's calibration, cached per open library and keyed by what it depends on: the labelled set (which
 * faces carry which user label), the matching space (active version and its threshold), the rule and the target
 * FPIR. It costs minutes at 100k named faces (leave-one-person-out over the gallery), and a scan batch changes none
 * of these, so after-scan assignment and suggestions reuse it; any label, activation or setting change misses.
 */
import type { Database } from 'better-sqlite3';
import type { NamingCalibration } from './naming-rule';

const cache = new WeakMap<Database, { key: string; calibration: NamingCalibration }>();

/**
 * A fingerprint of the labelled set: FNV-1a over (face id, person id) of each labelled row, with the count. Face ids
 * are never reused for other descriptors (a rescan inserts new rows), so equal fingerprints mean equal galleries.
 */
export function labelledSetKey(ids: Int32Array, personIds: Int32Array, rows: readonly number[]): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    for (let b = 0; b < 4; b++) {
      h ^= (x >>> (8 * b)) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  };
  for (const r of rows) {
    mix(ids[r]);
    mix(personIds[r]);
  }
  return `${rows.length}:${(h >>> 0).toString(16)}`;
}

export function cachedCalibration(db: Database, key: string, compute: () => NamingCalibration): NamingCalibration {
  const hit = cache.get(db);
  if (hit?.key === key) return hit.calibration;
  const calibration = compute();
  cache.set(db, { key, calibration });
  return calibration;
}
