import type { Database } from 'better-sqlite3';

export interface IntegrityReport {
  readonly ok: boolean;
  /** SQLite's own words for each problem found (empty when ok). */
  readonly problems: readonly string[];
}

/** Damage SQLite reports as an error code rather than a quick_check row: the file is not a usable database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_VTAB']);

export function isDamageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.has(code);
}

/** A library that cannot be trusted; the message names the way out, for the CLI and the app to show as is. */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    super(
      `the library database ${file} is damaged (${shown}). Nothing was changed. ` +
        `Restore the last good backup with \`facet restore --db "${file}" --latest\` ` +
        `(or pick one from \`facet backup --list --db "${file}"\`).`,
    );
    this.name = 'DamagedDatabaseError';
  }
}

/** `PRAGMA quick_check`: O(size) but skips index-vs-table cross-checks, so it is cheap enough for every start. */
export function checkIntegrity(db: Database): IntegrityReport {
  try {
    const rows = db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((s) => s !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (err) {
    if (isDamageError(err)) return { ok: false, problems: [(err as Error).message] };
    throw err;
  }
}

/** Throws DamagedDatabaseError unless the open library passes quick_check. */
export function assertIntact(db: Database, file = db.name): void {
  const report = checkIntegrity(db);
  if (!report.ok) throw new DamagedDatabaseError(file, report.problems);
}
