import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `this library was written by a newer Facet (schema ${found}; this Facet knows up to ${supported}). Update Facet to open it.`,
    );
  }
}

/**
 * Brings the schema to the latest version in one transaction (all or nothing) and sets PRAGMA user_version.
 * `beforeMigrate` runs first when there is anything to do on an existing database (the backup hook).
 */
export function migrate(
  db: Database,
  beforeMigrate?: (from: number, to: number) => void,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration list is broken at ${m.name}: version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  if (current === latest) return current;
  if (current > 0) beforeMigrate?.(current, latest);
  db.transaction(() => {
    for (const m of migrations.slice(current)) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}
