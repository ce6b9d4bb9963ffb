import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../../vision/types';

export interface LabelledFaces {
  readonly faceIds: Int32Array;
  /** Person id of each face: the identity label. */
  readonly labels: Int32Array;
  /** n x 128 backbone descriptors. */
  readonly vectors: Float32Array;
}

/**
 * Faces of the people the user has named (every non-rejected face in them: naming a person confirms it), the
 * ground truth that Verify measures. Unnamed clusters are the machine's own guesses and would measure themselves.
 */
export function loadLabelledFaces(db: Database): LabelledFaces {
  const rows = db
    .prepare(
      `SELECT f.id, f.person_id AS personId, f.embedding FROM faces f JOIN people p ON p.id = f.person_id
       WHERE p.name IS NOT NULL AND f.rejected = 0 ORDER BY f.id`,
    )
    .all() as { id: number; personId: number; embedding: Buffer }[];
  const vectors = new Float32Array(rows.length * DESCRIPTOR_SIZE);
  const bytes = new Uint8Array(vectors.buffer);
  rows.forEach((r, i) => bytes.set(r.embedding.subarray(0, DESCRIPTOR_SIZE * 4), i * DESCRIPTOR_SIZE * 4));
  return {
    faceIds: Int32Array.from(rows, (r) => r.id),
    labels: Int32Array.from(rows, (r) => r.personId),
    vectors,
  };
}

export function loadFaceEmbedding(db: Database, faceId: number): Float32Array | undefined {
  const r = db.prepare('SELECT embedding FROM faces WHERE id = ?').get(faceId) as { embedding: Buffer } | undefined;
  if (!r) return undefined;
  const out = new Float32Array(DESCRIPTOR_SIZE);
  new Uint8Array(out.buffer).set(r.embedding.subarray(0, DESCRIPTOR_SIZE * 4));
  return out;
}
