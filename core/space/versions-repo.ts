/**
 * Trained head versions in the `models` table (kind = 'head'): the only module that reads or writes them.
 * At most one head is active; none active means matching uses the backbone itself.
 */
import type { Database } from 'better-sqlite3';
import { headFromBlob, headToBlob, type Head, type HeadArch } from './head';

export interface HeadVersionSummary {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly createdAt: number;
  readonly active: boolean;
  readonly threshold: number | null;
  /** Everything the training recorded (gate figures, loss curve, settings); see train-service.ts. */
  readonly metrics: Record<string, unknown>;
}

export interface HeadVersion extends HeadVersionSummary {
  readonly head: Head;
}

interface Row {
  id: number;
  parent_id: number | null;
  name: string;
  created_at: number;
  active: number;
  threshold: number | null;
  metrics: string | null;
  weights?: Buffer | null;
}

function summary(row: Row): HeadVersionSummary {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    createdAt: row.created_at,
    active: row.active === 1,
    threshold: row.threshold,
    metrics: row.metrics ? (JSON.parse(row.metrics) as Record<string, unknown>) : {},
  };
}

function withHead(row: Row): HeadVersion {
  const s = summary(row);
  if (!row.weights) throw new Error(`head version ${row.id} has no weights`);
  const arch = (s.metrics.arch ?? 'linear') as HeadArch;
  const hidden = typeof s.metrics.hidden === 'number' ? s.metrics.hidden : 0;
  return { ...s, head: headFromBlob(arch, row.weights, hidden) };
}

const COLS = 'id, parent_id, name, created_at, active, threshold, metrics';

export function listHeadVersions(db: Database): HeadVersionSummary[] {
  const rows = db.prepare(`SELECT ${COLS} FROM models WHERE kind = 'head' ORDER BY id`).all() as Row[];
  return rows.map(summary);
}

export function getHeadVersion(db: Database, id: number): HeadVersion | null {
  const row = db.prepare(`SELECT ${COLS}, weights FROM models WHERE kind = 'head' AND id = ?`).get(id) as
    Row | undefined;
  return row ? withHead(row) : null;
}

export function getActiveHeadVersion(db: Database): HeadVersion | null {
  const row = db
    .prepare(`SELECT ${COLS}, weights FROM models WHERE kind = 'head' AND active = 1 ORDER BY id DESC LIMIT 1`)
    .get() as Row | undefined;
  return row ? withHead(row) : null;
}

export interface NewHeadVersion {
  readonly parentId: number | null;
  readonly name: string;
  readonly head: Head;
  readonly threshold: number;
  readonly metrics: Record<string, unknown>;
  readonly activate: boolean;
}

/** Writes a whole version in one transaction (a crash leaves either all of it or nothing); returns its id. */
export function insertHeadVersion(db: Database, v: NewHeadVersion): number {
  const metrics = {
    ...v.metrics,
    arch: v.head.arch,
    ...(v.head.arch === 'residual-mlp' ? { hidden: v.head.hidden } : {}),
  };
  return db.transaction(() => {
    if (v.activate) db.prepare(`UPDATE models SET active = 0 WHERE kind = 'head' AND active = 1`).run();
    const r = db
      .prepare(
        `INSERT INTO models (parent_id, kind, name, created_at, weights, metrics, threshold, active)
         VALUES (?, 'head', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        v.parentId,
        v.name,
        Date.now(),
        headToBlob(v.head),
        JSON.stringify(metrics),
        v.threshold,
        v.activate ? 1 : 0,
      );
    return Number(r.lastInsertRowid);
  })();
}

/** Makes `id` the only active head, or deactivates every head when `id` is null (back to the backbone). */
export function setActiveHeadVersion(db: Database, id: number | null): void {
  db.transaction(() => {
    if (id !== null) {
      const exists = db.prepare(`SELECT 1 FROM models WHERE kind = 'head' AND id = ?`).get(id);
      if (!exists) throw new Error(`no trained version with id ${id}`);
    }
    db.prepare(`UPDATE models SET active = 0 WHERE kind = 'head' AND active = 1`).run();
    if (id !== null) db.prepare(`UPDATE models SET active = 1 WHERE kind = 'head' AND id = ?`).run(id);
  })();
}
