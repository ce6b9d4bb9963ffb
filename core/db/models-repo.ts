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

/** The backbone model id if it exists (read-only callers must not create it). */
export function findBackboneModel(db: Database, name: string): number | undefined {
  const r = db.prepare("SELECT id FROM models WHERE kind = 'backbone' AND name = ?").get(name) as
    { id: number } | undefined;
  return r?.id;
}
