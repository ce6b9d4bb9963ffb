import type { Database } from 'better-sqlite3';
import { updatePeople } from './update-people';

export interface AfterScanResult {
  readonly assigned: number;
  readonly clustered: number;
}

/**
 * The scan job calls this after each batch and at the end, so that `facet export` right after a scan carries
 * personIds. Incremental: only faces added since the last call are matched; clustering runs over Unsorted
 * faces only when new ones stayed unsorted.
 */
export function updatePeopleAfterScan(db: Database): AfterScanResult {
  const { assigned, clustered } = updatePeople(db);
  return { assigned, clustered };
}
