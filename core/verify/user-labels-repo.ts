/**
 * Read-only queries for the truth Verify measures against: the faces the USER put in a person
 * (faces.assigned_by = 'user'; machine guesses would only measure the machine against itself) and the user's
 * "not this person" marks.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';

export interface UserLabelledFaces {
  readonly faceIds: Int32Array;
  /** Person id of each face: its identity label. */
  readonly labels: Int32Array;
  /** n x 128 backbone descriptors, row-major. */
  readonly vectors: Float32Array;
}

const BYTES = DESCRIPTOR_SIZE * 4;

function packDescriptors(rows: readonly { embedding: Buffer }[]): Float32Array {
  const vectors = new Float32Array(rows.length * DESCRIPTOR_SIZE);
  const bytes = new Uint8Array(vectors.buffer);
  rows.forEach((r, i) => {
    if (r.embedding.byteLength !== BYTES) throw new Error(`a stored descriptor has ${r.embedding.byteLength} bytes`);
    bytes.set(r.embedding, i * BYTES);
  });
  return vectors;
}

export function loadUserLabelledFaces(db: Database): UserLabelledFaces {
  const rows = db
    .prepare(
      `SELECT id, person_id AS personId, embedding FROM faces
       WHERE assigned_by = 'user' AND person_id IS NOT NULL AND rejected = 0 ORDER BY id`,
    )
    .all() as { id: number; personId: number; embedding: Buffer }[];
  return {
    faceIds: Int32Array.from(rows, (r) => r.id),
    labels: Int32Array.from(rows, (r) => r.personId),
    vectors: packDescriptors(rows),
  };
}

/**
 * "Face f is not person p" marks whose face is NOT itself user-labelled: those are the only ones that add pairs
 * (a user-labelled face already forms a different pair with everyone of every other person).
 */
export function loadNotPersonMarks(db: Database): {
  faceIds: Int32Array;
  personIds: Int32Array;
  vectors: Float32Array;
} {
  const rows = db
    .prepare(
      `SELECT n.face_id AS faceId, n.person_id AS personId, f.embedding FROM not_person n
       JOIN faces f ON f.id = n.face_id
       WHERE f.rejected = 0 AND (f.assigned_by IS NULL OR f.assigned_by <> 'user') ORDER BY n.face_id, n.person_id`,
    )
    .all() as { faceId: number; personId: number; embedding: Buffer }[];
  return {
    faceIds: Int32Array.from(rows, (r) => r.faceId),
    personIds: Int32Array.from(rows, (r) => r.personId),
    vectors: packDescriptors(rows),
  };
}

export interface StoredFace {
  readonly id: number;
  readonly personId: number | null;
  readonly assignedBy: 'user' | 'machine' | null;
  readonly descriptor: Float32Array;
}

export function loadFace(db: Database, id: number): StoredFace | undefined {
  const r = db
    .prepare(`SELECT id, person_id AS personId, assigned_by AS assignedBy, embedding FROM faces WHERE id = ?`)
    .get(id) as
    { id: number; personId: number | null; assignedBy: 'user' | 'machine' | null; embedding: Buffer } | undefined;
  return r && { id: r.id, personId: r.personId, assignedBy: r.assignedBy, descriptor: packDescriptors([r]) };
}
