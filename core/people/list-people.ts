/** The people overview: every person with face counts, named people first (sorted with the locale's collation). */
import type { Database } from 'better-sqlite3';

export interface PersonSummary {
  readonly id: number;
  readonly name: string | null;
  readonly hidden: boolean;
  readonly coverFaceId: number | null;
  readonly faces: number;
  readonly userFaces: number;
}

export interface PeopleOverview {
  readonly people: PersonSummary[];
  readonly unsorted: number;
  readonly rejected: number;
}

export function listPeople(db: Database, opts: { includeHidden?: boolean } = {}): PeopleOverview {
  const rows = db
    .prepare(
      `SELECT p.id, p.name, p.hidden, p.cover_face_id,
         count(f.id) AS faces, coalesce(sum(f.assigned_by = 'user'), 0) AS user_faces
       FROM people p LEFT JOIN faces f ON f.person_id = p.id AND f.rejected = 0
       GROUP BY p.id`,
    )
    .all() as {
    id: number;
    name: string | null;
    hidden: number;
    cover_face_id: number | null;
    faces: number;
    user_faces: number;
  }[];
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const people = rows
    .filter((r) => opts.includeHidden || !r.hidden)
    .map((r) => ({
      id: r.id,
      name: r.name,
      hidden: r.hidden === 1,
      coverFaceId: r.cover_face_id,
      faces: r.faces,
      userFaces: r.user_faces,
    }))
    .sort((a, b) =>
      a.name !== null && b.name !== null
        ? collator.compare(a.name, b.name)
        : a.name !== null
          ? -1
          : b.name !== null
            ? 1
            : b.faces - a.faces || a.id - b.id,
    );
  const counts = db
    .prepare(
      `SELECT coalesce(sum(person_id IS NULL AND rejected = 0), 0) AS unsorted, coalesce(sum(rejected), 0) AS rejected FROM faces`,
    )
    .get() as { unsorted: number; rejected: number };
  return { people, ...counts };
}
