/**
 * What training may learn from: only the user's own labels. Faces the user put in a person
 * (assigned_by = 'user', not rejected) and the user's "not this person" marks. Machine guesses never train.
 */
import type { Database } from 'better-sqlite3';
import { DESCRIPTOR_SIZE } from '../vision/types';
import type { TrainingData } from './trainer';

const BYTES = DESCRIPTOR_SIZE * 4;

export interface LabelledLibrary {
  /** Rows 0..labelled-1 are user-labelled faces; later rows are faces that appear only in not_person marks. */
  readonly data: TrainingData;
  readonly labelled: number;
  readonly faceIds: Int32Array;
  /** Photo of each row (the split keeps a photo's faces on one side). */
  readonly photoIds: Int32Array;
  /** people.id of each person index used in `data.labels`. */
  readonly personIds: Int32Array;
}

interface FaceRow {
  id: number;
  photoId: number;
  personId: number | null;
  embedding: Buffer;
}

export function loadLabelledLibrary(db: Database): LabelledLibrary {
  const labelled = db
    .prepare(
      `SELECT id, photo_id AS photoId, person_id AS personId, embedding FROM faces
       WHERE assigned_by = 'user' AND person_id IS NOT NULL AND rejected = 0 ORDER BY id`,
    )
    .all() as FaceRow[];
  const marks = db
    .prepare(
      `SELECT n.face_id AS faceId, n.person_id AS personId FROM not_person n
       JOIN faces f ON f.id = n.face_id WHERE f.rejected = 0 ORDER BY n.face_id, n.person_id`,
    )
    .all() as { faceId: number; personId: number }[];
  const personIndex = new Map<number, number>();
  for (const r of labelled) if (!personIndex.has(r.personId!)) personIndex.set(r.personId!, personIndex.size);
  const rowOfFace = new Map(labelled.map((r, i) => [r.id, i]));
  const rows: FaceRow[] = [...labelled];
  const labels: number[] = labelled.map((r) => personIndex.get(r.personId!)!);
  const negFaces: number[] = [];
  const negPeople: number[] = [];
  const extraFace = db.prepare(`SELECT id, photo_id AS photoId, NULL AS personId, embedding FROM faces WHERE id = ?`);
  for (const m of marks) {
    const p = personIndex.get(m.personId);
    if (p === undefined) continue; // a mark against a person with no user-labelled face teaches nothing
    let row = rowOfFace.get(m.faceId);
    if (row !== undefined && labels[row] === p) continue; // contradicts the user's own label: trust neither
    if (row === undefined) {
      rows.push(extraFace.get(m.faceId) as FaceRow);
      labels.push(-1);
      row = rows.length - 1;
      rowOfFace.set(m.faceId, row);
    }
    negFaces.push(row);
    negPeople.push(p);
  }
  const vectors = new Float32Array(rows.length * DESCRIPTOR_SIZE);
  const bytes = new Uint8Array(vectors.buffer);
  rows.forEach((r, i) => {
    if (r.embedding.byteLength !== BYTES)
      throw new Error(`face ${r.id} has a ${r.embedding.byteLength}-byte descriptor`);
    bytes.set(r.embedding, i * BYTES);
  });
  return {
    data: {
      vectors,
      labels: Int32Array.from(labels),
      extraNegatives: { faces: Int32Array.from(negFaces), people: Int32Array.from(negPeople) },
    },
    labelled: labelled.length,
    faceIds: Int32Array.from(rows, (r) => r.id),
    photoIds: Int32Array.from(rows, (r) => r.photoId),
    personIds: Int32Array.from([...personIndex.keys()]),
  };
}
