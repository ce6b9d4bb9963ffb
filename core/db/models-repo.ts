import type { Database } from 'better-sqlite3';

/**
 * Returns the id of the backbone model row called `name`, creating it on first use, so that every stored
 * descriptor is tagged with the network that made it (faces.model_id).
 */
export function ensureBackboneModel(db: Database, name: string, now = Date.now()): number {
  const found = db.prepare("SELECT id FROM models WHERE kind = 'backbone' AND name = ?").get(name) as
    { id: number } | undefined;
  if (found) return found.id;
  const info = db
    .prepare("INSERT INTO models (kind, name, created_at, active) VALUES ('backbone', ?, ?, 1)")
    .run(name, now);
  return Number(info.lastInsertRowid);
}

/** A model row's id and its stored match threshold (null: not calibrated). */
export interface ModelThresholdRow {
  readonly id: number;
  readonly threshold: number | null;
}

export function backboneThreshold(db: Database): ModelThresholdRow | undefined {
  return db
    .prepare(`SELECT id, threshold FROM models WHERE kind = 'backbone' ORDER BY active DESC, id DESC LIMIT 1`)
    .get() as ModelThresholdRow | undefined;
}

export function activeHeadThreshold(db: Database): ModelThresholdRow | undefined {
  return db
    .prepare(`SELECT id, threshold FROM models WHERE kind = 'head' AND active = 1 ORDER BY id DESC LIMIT 1`)
    .get() as ModelThresholdRow | undefined;
}

/** Stores `threshold` on model row `id`; false when there is no such row. */
export function setModelThreshold(db: Database, id: number, threshold: number): boolean {
  return db.prepare('UPDATE models SET threshold = ? WHERE id = ?').run(threshold, id).changes === 1;
}
