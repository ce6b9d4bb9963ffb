/**
 * The last inference runtime the scanner used (name, GPU or not, and why), kept in `settings` so that
 * `facet status` and the UI can say which backend ran without loading the models.
 */
import type { Database } from 'better-sqlite3';
import { getSetting, setSetting } from '../db/settings-repo';
import type { RuntimeInfo } from '../vision/types';

const KEY = 'vision.runtime';

export function saveRuntimeInfo(db: Database, info: RuntimeInfo, at = Date.now()): void {
  const value = JSON.stringify({ name: info.name, gpu: info.gpu, reason: info.reason, at });
  setSetting(db, KEY, value);
}

export function loadRuntimeInfo(db: Database): (RuntimeInfo & { at: number }) | null {
  const value = getSetting(db, KEY);
  if (value === undefined) return null;
  try {
    return JSON.parse(value) as RuntimeInfo & { at: number };
  } catch {
    return null;
  }
}
