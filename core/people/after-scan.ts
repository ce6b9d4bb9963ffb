import type { Database } from 'better-sqlite3';

export interface AfterScanResult {
  readonly assigned: number;
  readonly clustered: number;
}

/**
 * Placeholder until the people module lands: the scan job calls this after each batch so that
 * `facet export` right after a scan carries personIds. The people work replaces the body.
 */
export function updatePeopleAfterScan(_db: Database): AfterScanResult {
  return { assigned: 0, clustered: 0 };
}
