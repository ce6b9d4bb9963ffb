/**
 * The last inference runtime the scanner used (name, GPU or not, and why), kept in `settings` so that
 * `facet status` and the UI can say which backend ran without loading the models.
 */
import type { Database } from 'better-sqlite3';
import type { RuntimeInfo } from '../vision/types';

const KEY = 'vision.runtime';

export function saveRuntimeInfo(db: Database, info: RuntimeInfo, at = Date.now()): void {
  const value = JSON.stringify({ name: info.name, gpu: info.gpu, reason: info.reason, at });
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(KEY, value);
}

export function loadRuntimeInfo(db: Database): (RuntimeInfo & { at: number }) | null {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!r) return null;
  try {
    return JSON.parse(r.value) as RuntimeInfo & { at: number };
  } catch {
    return null;
  }
}
