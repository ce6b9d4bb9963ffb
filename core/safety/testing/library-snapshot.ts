/**
 * A library's content in a form that does not depend on row ids or insertion order, for comparing a library
 * that went through crashes with one built cleanly: photos, faces (boxes and descriptors), user labels.
 */
import type { Database } from 'better-sqlite3';

const r2 = (v: number) => Math.round(v * 100) / 100;

export interface LibrarySnapshot {
  readonly photos: string[];
  readonly faces: string[];
  readonly userLabels: string[];
  readonly notPerson: string[];
}

export function librarySnapshot(db: Database): LibrarySnapshot {
  const photos = (
    db.prepare('SELECT path, hash, status, width, height, error FROM photos ORDER BY path').all() as {
      path: string;
      hash: string | null;
      status: string;
      width: number | null;
      height: number | null;
      error: string | null;
    }[]
  ).map((p) => `${p.path} ${p.hash} ${p.status} ${p.width}x${p.height} ${p.error ?? ''}`);
  const faceRows = db
    .prepare(
      `SELECT f.id, p.path, f.x, f.y, f.w, f.h, f.score, f.embedding, f.assigned_by, pe.name
       FROM faces f JOIN photos p ON p.id = f.photo_id LEFT JOIN people pe ON pe.id = f.person_id`,
    )
    .all() as {
    id: number;
    path: string;
    x: number;
    y: number;
    w: number;
    h: number;
    score: number;
    embedding: Buffer;
    assigned_by: string | null;
    name: string | null;
  }[];
  const faceKey = (f: (typeof faceRows)[number]) => `${f.path} @${r2(f.x)},${r2(f.y)} ${r2(f.w)}x${r2(f.h)}`;
  const faces = faceRows
    .map((f) => {
      const d = new Float32Array(f.embedding.buffer, f.embedding.byteOffset, f.embedding.byteLength / 4);
      const sig = Array.from(d.subarray(0, 8), (v) => v.toFixed(4)).join(',');
      return `${faceKey(f)} score=${f.score.toFixed(4)} d=[${sig}]`;
    })
    .sort();
  const userLabels = faceRows
    .filter((f) => f.assigned_by === 'user')
    .map((f) => `${faceKey(f)} -> ${f.name ?? '(unnamed)'}`)
    .sort();
  const byId = new Map(faceRows.map((f) => [f.id, f]));
  const notPerson = (
    db.prepare('SELECT n.face_id, pe.name FROM not_person n JOIN people pe ON pe.id = n.person_id').all() as {
      face_id: number;
      name: string | null;
    }[]
  )
    .map((n) => `${faceKey(byId.get(n.face_id)!)} not ${n.name}`)
    .sort();
  return { photos, faces, userLabels, notPerson };
}
