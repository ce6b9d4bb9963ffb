/**
 * k-NN recognition (FaceNet's recognition step): a face joins a person when its nearest reference faces within
 * the threshold agree on that person (a strict majority of them), never a person the face was marked "not"
 * and never a person already holding another face of the same photo.
 */
import type { Database } from 'better-sqlite3';
import { loadMatchingSpace } from '../space/matching-space';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { KNN_K, SETTING_NAMING_RULE, SETTING_TARGET_FPIR, type NamingRuleKind } from './defaults';
import { cachedCalibration, labelledSetKey } from './calibration-cache';
import { searchKnn, type KnnGraph } from './knn-graph';
import { calibrateNaming, DEFAULT_TARGET_FPIR, type NamingCalibration } from './naming-rule';
import { assignFaces, getSetting, loadFaceTable, loadNotPerson, type FaceTable } from './people-repo';

const DIM = DESCRIPTOR_SIZE;

export interface KnnAssignInput {
  /** Reference descriptors (n×128, already in the space to match in) and their person ids. */
  readonly refVectors: Float32Array;
  readonly refPersons: Int32Array;
  /** Query descriptors in the same space. */
  readonly queries: Float32Array;
  readonly threshold: number;
  readonly k?: number;
  /** For query q, may it join person p? (not_person marks, same-photo conflicts). */
  readonly allowed?: (q: number, person: number) => boolean;
}

/** Person id per query, or -1; with the distance to the nearest agreeing neighbour. */
export function knnAssign(input: KnnAssignInput): { persons: Int32Array; distances: Float32Array } {
  const nq = input.queries.length / DIM;
  if (!input.refPersons.length || !nq)
    return { persons: new Int32Array(nq).fill(-1), distances: new Float32Array(nq).fill(Infinity) };
  return knnVote(searchKnn(input.refVectors, input.queries, DIM, input.k ?? KNN_K), input);
}

/** knnAssign's vote on neighbours already found: `g` row q holds query q's nearest references (into refPersons). */
export function knnVote(
  g: KnnGraph,
  input: Pick<KnnAssignInput, 'refPersons' | 'threshold' | 'allowed'>,
): { persons: Int32Array; distances: Float32Array } {
  const nq = g.n;
  const persons = new Int32Array(nq).fill(-1);
  const distances = new Float32Array(nq).fill(Infinity);
  for (let q = 0; q < nq; q++) {
    const votes = new Map<number, { count: number; nearest: number }>();
    let within = 0;
    for (let t = q * g.k, end = t + g.k; t < end; t++) {
      const j = g.indices[t];
      if (j < 0 || g.distances[t] > input.threshold) break;
      within++;
      const p = input.refPersons[j];
      const v = votes.get(p);
      if (v) v.count++;
      else votes.set(p, { count: 1, nearest: g.distances[t] });
    }
    let best = -1;
    let bestVote = { count: 0, nearest: Infinity };
    for (const [p, v] of votes) {
      if (input.allowed && !input.allowed(q, p)) continue;
      if (v.count > bestVote.count || (v.count === bestVote.count && v.nearest < bestVote.nearest))
        [best, bestVote] = [p, v];
    }
    if (best >= 0 && 2 * bestVote.count > within) {
      persons[q] = best;
      distances[q] = bestVote.nearest;
    }
  }
  return { persons, distances };
}

function gather(table: FaceTable, rows: readonly number[], map?: (v: Float32Array) => Float32Array): Float32Array {
  const out = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => out.set(table.vectors.subarray(r * DIM, (r + 1) * DIM), i * DIM));
  return map ? map(out) : out;
}

/**
 * Who may take a face: not a person it was marked "not", not a person holding another face of its photo.
 * With `scope`, only those rows will be asked about, so only their photos' people are collected (an after-scan
 * batch at 2M faces otherwise built a set per photo of the whole library, several times a batch).
 */
export function constraintChecker(db: Database, table: FaceTable, scope?: readonly number[]) {
  const notPerson = loadNotPerson(db);
  const photoPersons = new Map<number, Set<number>>();
  const photos = scope && new Set(scope.map((r) => table.photoIds[r]));
  for (let i = 0; i < table.ids.length; i++) {
    if (table.personIds[i] < 0 || (photos && !photos.has(table.photoIds[i]))) continue;
    let s = photoPersons.get(table.photoIds[i]);
    if (!s) photoPersons.set(table.photoIds[i], (s = new Set()));
    s.add(table.personIds[i]);
  }
  return {
    allowed: (row: number, person: number) =>
      !notPerson.get(table.ids[row])?.has(person) && !photoPersons.get(table.photoIds[row])?.has(person),
    /** Records an assignment made during this pass so later faces of the same photo see it. */
    note(row: number, person: number) {
      let s = photoPersons.get(table.photoIds[row]);
      if (!s) photoPersons.set(table.photoIds[row], (s = new Set()));
      s.add(person);
    },
  };
}

/** People with at least one user-assigned face: the labelled people k-NN recognition matches against. */
export function labelledRows(table: FaceTable): number[] {
  const rows: number[] = [];
  for (let i = 0; i < table.ids.length; i++) if (table.userAssigned[i] && table.personIds[i] >= 0) rows.push(i);
  return rows;
}

/**
 * The naming threshold of the library as it stands: calibrated for the target FPIR from its labelled faces in the
 * matching space (core/people/naming-rule.ts), or the pair threshold while there is too little evidence. Cached
 * while the labelled set, the space and the settings stay the same (./calibration-cache).
 */
export function namingCalibration(db: Database, table: FaceTable = loadFaceTable(db)): NamingCalibration {
  const space = loadMatchingSpace(db);
  const refs = labelledRows(table);
  const targetFpir = targetFpirOf(db);
  if (namingRuleOf(db) === 'pair')
    return { threshold: space.threshold, source: 'pair', targetFpir, samples: 0, mean: NaN, sd: NaN, ratio: Infinity };
  const key = `${space.versionId}|${space.threshold}|${targetFpir}|${labelledSetKey(table.ids, table.personIds, refs)}`;
  return cachedCalibration(db, key, () =>
    calibrateNaming(
      gather(table, refs, (v) => space.mapAll(v)),
      Int32Array.from(refs, (r) => table.personIds[r]),
      DIM,
      { pairThreshold: space.threshold, targetFpir },
    ),
  );
}

export function namingRuleOf(db: Database): NamingRuleKind {
  return getSetting(db, SETTING_NAMING_RULE) === 'pair' ? 'pair' : 'calibrated';
}

export function targetFpirOf(db: Database): number {
  const v = Number(getSetting(db, SETTING_TARGET_FPIR));
  return v > 0 && v < 0.5 ? v : DEFAULT_TARGET_FPIR;
}

/**
 * The naming decision, pure: k-NN at `threshold`, then the cohort ratio bound (a face is named only when its
 * distance to the person is at most `ratio` × its distance to the nearest face of any other labelled person).
 */
export function applyNamingRule(input: KnnAssignInput & { readonly ratio: number }): {
  persons: Int32Array;
  distances: Float32Array;
} {
  const out = knnAssign(input);
  if (Number.isFinite(input.ratio)) {
    const other = nearestOtherPerson(input.refVectors, input.refPersons, input.queries, out.persons);
    for (let q = 0; q < out.persons.length; q++)
      if (out.persons[q] >= 0 && Number.isFinite(other[q]) && out.distances[q] > input.ratio * other[q])
        out.persons[q] = -1;
  }
  return out;
}

/** For each query decided to `persons[q]`, its distance to the nearest labelled face of any other person. */
function nearestOtherPerson(refs: Float32Array, refPersons: Int32Array, queries: Float32Array, persons: Int32Array) {
  const g = searchKnn(refs, queries, DIM, Math.min(refPersons.length, 96));
  const out = new Float32Array(persons.length).fill(Infinity);
  for (let q = 0; q < persons.length; q++) {
    if (persons[q] < 0) continue;
    for (let t = q * g.k, end = t + g.k; t < end; t++) {
      const j = g.indices[t];
      if (j >= 0 && refPersons[j] !== persons[q]) {
        out[q] = g.distances[t];
        break;
      }
    }
  }
  return out;
}

/**
 * Decides, for the given rows of `table`, which labelled person each would join in the matching space (-1: none),
 * at `threshold`, or by default at the naming threshold calibrated for strangers. Pure: writes nothing.
 */
export function decideAgainstLabelled(
  db: Database,
  table: FaceTable,
  rows: readonly number[],
  threshold?: number,
): Int32Array {
  const space = loadMatchingSpace(db);
  const refs = labelledRows(table);
  const check = constraintChecker(db, table, rows);
  const rule = threshold === undefined ? namingCalibration(db, table) : { threshold, ratio: Infinity };
  const { persons } = applyNamingRule({
    refVectors: gather(table, refs, (v) => space.mapAll(v)),
    refPersons: Int32Array.from(refs, (r) => table.personIds[r]),
    queries: gather(table, rows, (v) => space.mapAll(v)),
    threshold: rule.threshold,
    ratio: rule.ratio,
    // a face's own current person is not a conflict with itself
    allowed: (q, p) => p === table.personIds[rows[q]] || check.allowed(rows[q], p),
  });
  return persons;
}

/** Machine-assigned faces and Unsorted faces: what automatic assignment may (re)decide. */
function machineRows(table: FaceTable): number[] {
  const rows: number[] = [];
  for (let i = 0; i < table.ids.length; i++) if (!table.userAssigned[i]) rows.push(i);
  return rows;
}

function labelledPersonSet(table: FaceTable): Set<number> {
  const s = new Set<number>();
  for (const r of labelledRows(table)) s.add(table.personIds[r]);
  return s;
}

/**
 * Dry run: how many faces would join a labelled person (join) and how many machine guesses on labelled people
 * would drop out (leave) if k-NN assignment ran at `threshold` instead of the current one.
 */
export function previewAssignment(db: Database, threshold: number): { join: number; leave: number } {
  const table = loadFaceTable(db);
  const rows = machineRows(table);
  const labelled = labelledPersonSet(table);
  const decided = decideAgainstLabelled(db, table, rows, threshold);
  let join = 0;
  let leave = 0;
  rows.forEach((r, q) => {
    const current = table.personIds[r];
    if (decided[q] >= 0 && decided[q] !== current) join++;
    if (current >= 0 && labelled.has(current) && decided[q] !== current) leave++;
  });
  return { join, leave };
}

/**
 * Re-runs k-NN assignment for every face that is not a user label: machine guesses on labelled people that no
 * longer hold are undone (the face goes to Unsorted), and any such face that now matches a labelled person
 * moves there. Faces in unlabelled machine clusters stay unless they match a labelled person. User labels are
 * never read as candidates, so never touched.
 */
export function reassignMachineGuesses(db: Database): { assigned: number; unassigned: number } {
  return db.transaction(() => {
    const table = loadFaceTable(db);
    const rows = machineRows(table);
    const labelled = labelledPersonSet(table);
    const decided = decideAgainstLabelled(db, table, rows);
    let assigned = 0;
    let unassigned = 0;
    rows.forEach((r, q) => {
      const current = table.personIds[r];
      const next = decided[q];
      if (next >= 0 && next !== current) {
        assignFaces(db, [table.ids[r]], next, 'machine');
        assigned++;
      } else if (next < 0 && current >= 0 && labelled.has(current)) {
        assignFaces(db, [table.ids[r]], null, null);
        unassigned++;
      }
    });
    return { assigned, unassigned };
  })();
}
