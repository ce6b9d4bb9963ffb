/**
 * The automatic side of people: after a scan (incremental) or on request (forced re-cluster).
 *
 * 1. New faces join LABELLED people by k-NN recognition in the matching space (the trained adapter, or the
 *    backbone when none is active).
 * 2. Still-unsorted new faces join unlabelled machine clusters by k-NN in the backbone space.
 * 3. Unsorted faces above the quality gate are clustered among themselves (backbone descriptors, default
 *    algorithm); groups of at least MIN_CLUSTER_SIZE become new unnamed people, the rest wait in Unsorted.
 * 4. Low-quality leftovers get one more k-NN chance against the new clusters (they join, never seed); after a
 *    scan batch, only the faces around the batch do.
 *
 * Force first clears every machine guess and deletes people the user never touched, so it rebuilds only
 * the machine's work: user labels, names, hidden flags and not_person marks are never read as candidates
 * and never written.
 */
import type { Database } from 'better-sqlite3';
import { backupBefore } from '../safety/backup';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { constraintChecker, decideAgainstLabelled, knnAssign, knnVote } from './assignment';
import { buildNeighbourIndex, clusterWithGraph, type ClusterAlgorithm } from './cluster/index';
import { clusterThreshold } from './cluster-threshold';
import { DEFAULT_ALGORITHM, KNN_K, MIN_CLUSTER_SIZE, QUALITY_GATE, SETTING_LAST_FACE_ID } from './defaults';
import { currentFaceTable, forgetFaceTable, settleFaceTable } from './face-table-cache';
import { searchBuildsIndex, searchKnn, type NeighbourIndex } from './knn-graph';
import { nearestMembers } from './table-search';
import { PersonSums } from './person-sums';
import {
  assignEach,
  createPerson,
  deleteEmptyUnnamedPeople,
  getSetting,
  setSetting,
  type FaceTable,
} from './people-repo';

const DIM = DESCRIPTOR_SIZE;

export interface UpdatePeopleOptions {
  /** Rebuild every machine guess from scratch (user labels stay). */
  readonly force?: boolean;
  readonly algorithm?: ClusterAlgorithm;
  readonly threshold?: number;
  readonly minClusterSize?: number;
}

export interface UpdatePeopleResult {
  /** Faces that joined an existing person by k-NN. */
  readonly assigned: number;
  /** Faces that formed new people by clustering. */
  readonly clustered: number;
  /** New people created. */
  readonly newPeople: number;
}

function rowsWhere(table: FaceTable, pred: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < table.ids.length; i++) if (pred(i)) out.push(i);
  return out;
}

function vectorOf(table: FaceTable, r: number): Float32Array {
  return table.vectors.subarray(r * DIM, (r + 1) * DIM);
}

function gather(table: FaceTable, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => out.set(table.vectors.subarray(r * DIM, (r + 1) * DIM), i * DIM));
  return out;
}

/** The faces step 3 clustered and the neighbour index it built over them, for step 4 to search again. */
interface Seeded {
  readonly rows: readonly number[];
  /** Table row -> position among `rows`, or -1. */
  readonly position: Int32Array;
  readonly index: NeighbourIndex;
}

/**
 * The KNN_K nearest references of each query row, as positions among the seeds: a search of the seeds' index
 * deep enough (4 x KNN_K) that the seeds which are not references rarely crowd them out, nearest first.
 */
function neighboursAmongRefs(table: FaceTable, seeded: Seeded, refs: readonly number[], rows: readonly number[]) {
  const isRef = new Uint8Array(table.ids.length);
  for (const r of refs) isRef[r] = 1;
  const found = seeded.index.search(gather(table, rows), 4 * KNN_K);
  const k = KNN_K;
  const indices = new Int32Array(rows.length * k).fill(-1);
  const distances = new Float32Array(rows.length * k).fill(Infinity);
  for (let q = 0; q < rows.length; q++) {
    let w = q * k;
    for (let t = q * found.k, end = t + found.k; t < end && w < (q + 1) * k; t++) {
      const j = found.indices[t];
      if (j < 0 || !isRef[seeded.rows[j]]) continue;
      indices[w] = j;
      distances[w++] = found.distances[t];
    }
  }
  return { n: rows.length, k, indices, distances };
}

/**
 * Step 2/4: k-NN against faces of unlabelled machine clusters in the backbone space. The k-NN vote proposes a
 * person; the face joins only when its quality-aware average linkage to that whole person passes the
 * threshold, as in clustering: a single close neighbour is not enough (that chained different people into one
 * person, batch after batch: BCubed precision 0.45 after a scan of hard/lag_aging).
 */
function joinMachineClusters(
  db: Database,
  table: FaceTable,
  rows: number[],
  threshold: number,
  onlyPersons?: ReadonlySet<number>,
  seeded?: Seeded,
): number {
  const labelled = new Set<number>();
  for (let i = 0; i < table.ids.length; i++)
    if (table.userAssigned[i] && table.personIds[i] >= 0) labelled.add(table.personIds[i]);
  const refs = rowsWhere(
    table,
    (i) =>
      table.personIds[i] >= 0 &&
      !labelled.has(table.personIds[i]) &&
      (!onlyPersons || onlyPersons.has(table.personIds[i])),
  );
  if (!refs.length || !rows.length) return 0;
  const check = constraintChecker(db, table, rows);
  const allowed = (q: number, p: number) => check.allowed(rows[q], p);
  // When the references are all clustering seeds and searchKnn would build an index anyway, the seeds' own
  // index answers instead (a second HNSW index over the same faces was a third of a 100k re-cluster).
  const persons =
    seeded && searchBuildsIndex(refs.length, rows.length) && refs.every((r) => seeded.position[r] >= 0)
      ? knnVote(neighboursAmongRefs(table, seeded, refs, rows), {
          refPersons: Int32Array.from(seeded.rows, (r) => table.personIds[r]),
          threshold,
          allowed,
        }).persons
      : joinVotes(table, refs, rows, threshold, allowed);
  // running sums of the proposed people only: summing every machine person's faces cost O(library) a batch
  const proposed = new Set<number>();
  for (const p of persons) if (p >= 0) proposed.add(p);
  const sums = new PersonSums(DIM);
  for (const r of refs)
    if (proposed.has(table.personIds[r])) sums.add(table.personIds[r], vectorOf(table, r), table.quality[r]);
  const pairs: [number, number][] = [];
  rows.forEach((r, q) => {
    const p = persons[q];
    if (p < 0 || !check.allowed(r, p)) return;
    if (sums.normalisedLinkage(p, vectorOf(table, r), table.quality[r]) > threshold) return;
    pairs.push([table.ids[r], p]);
    table.personIds[r] = p;
    check.note(r, p);
    sums.add(p, vectorOf(table, r), table.quality[r]);
  });
  assignEach(db, pairs, 'machine');
  return pairs.length;
}

/** Above this many faces, a subset is searched in place (core/people/table-search.ts) rather than copied out. */
const GATHER_LIMIT = 20_000;

/** knnAssign of `rows` against `refs`, searching the table in place when the references are many. */
function joinVotes(
  table: FaceTable,
  refs: readonly number[],
  rows: readonly number[],
  threshold: number,
  allowed: (q: number, p: number) => boolean,
): Int32Array {
  const gathered = (qs: readonly number[], allow: (q: number, p: number) => boolean) =>
    knnAssign({
      refVectors: gather(table, refs),
      refPersons: Int32Array.from(refs, (r) => table.personIds[r]),
      queries: gather(table, qs),
      threshold,
      allowed: allow,
    }).persons;
  if (refs.length <= GATHER_LIMIT || searchBuildsIndex(refs.length, rows.length)) return gathered(rows, allowed);
  const isRef = new Uint8Array(table.ids.length);
  for (const r of refs) isRef[r] = 1;
  const near = nearestMembers(table, DIM, isRef, gather(table, rows), KNN_K, threshold);
  const { persons } = knnVote(near.graph, { refPersons: table.personIds, threshold, allowed });
  if (near.unsure.length) {
    const again = gathered(
      near.unsure.map((q) => rows[q]),
      (i, p) => allowed(near.unsure[i], p),
    );
    near.unsure.forEach((q, i) => (persons[q] = again[i]));
  }
  return persons;
}

/**
 * The part of the Unsorted pool a batch of new faces can change: the new faces and the unsorted faces within
 * twice the threshold of one of them (further faces could not have joined them under average linkage, and
 * their own grouping was already settled by earlier passes). Keeps after-scan work proportional to the batch
 * rather than to the whole Unsorted pile.
 */
function neighbourhoodOfNew(table: FaceTable, pool: number[], lastId: number, threshold: number): number[] {
  const fresh = pool.filter((r) => table.ids[r] > lastId);
  if (!fresh.length) return [];
  const keep = new Set(fresh);
  const limit = 2 * threshold;
  let search = fresh;
  if (pool.length > GATHER_LIMIT && !searchBuildsIndex(pool.length, fresh.length)) {
    const isPool = new Uint8Array(table.ids.length);
    for (const r of pool) isPool[r] = 1;
    const near = nearestMembers(table, DIM, isPool, gather(table, fresh), 64, limit);
    for (let t = 0; t < near.graph.indices.length; t++)
      if (near.graph.indices[t] >= 0 && near.graph.distances[t] <= limit) keep.add(near.graph.indices[t]);
    search = near.unsure.map((q) => fresh[q]);
  }
  if (search.length) {
    const g = searchKnn(gather(table, pool), gather(table, search), DIM, 64);
    for (let t = 0; t < g.indices.length; t++)
      if (g.indices[t] >= 0 && g.distances[t] <= limit) keep.add(pool[g.indices[t]]);
  }
  return [...keep].sort((a, b) => a - b);
}

export function updatePeople(db: Database, opts: UpdatePeopleOptions = {}): UpdatePeopleResult {
  // A forced re-cluster drops every machine guess: keep the library as it was first (core/safety/backup).
  if (opts.force) backupBefore(db, 'recluster');
  try {
    const result = update(db, opts);
    settleFaceTable(db);
    return result;
  } catch (err) {
    forgetFaceTable(db); // the rolled-back assignments were mirrored into the cached table
    throw err;
  }
}

function update(db: Database, opts: UpdatePeopleOptions): UpdatePeopleResult {
  return db.transaction((): UpdatePeopleResult => {
    if (opts.force) {
      db.prepare(`UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE assigned_by = 'machine'`).run();
      deleteEmptyUnnamedPeople(db);
    }
    const lastId = opts.force ? 0 : Number(getSetting(db, SETTING_LAST_FACE_ID) ?? 0);
    // the common after-scan case with nothing new costs one indexed lookup, not a load of every descriptor
    const newest = (db.prepare('SELECT max(id) AS m FROM faces').get() as { m: number | null }).m ?? 0;
    if (!opts.force && newest <= lastId) return { assigned: 0, clustered: 0, newPeople: 0 };
    const table = currentFaceTable(db);
    const maxId = table.ids.length ? table.ids[table.ids.length - 1] : lastId;
    const threshold = opts.threshold ?? clusterThreshold(db);
    let assigned = 0;

    // 1. new unsorted faces against labelled people (matching space)
    const fresh = rowsWhere(table, (i) => table.ids[i] > lastId && table.personIds[i] < 0);
    if (fresh.length) {
      const decided = decideAgainstLabelled(db, table, fresh);
      const check = constraintChecker(db, table, fresh);
      const pairs: [number, number][] = [];
      fresh.forEach((r, q) => {
        const p = decided[q];
        if (p < 0 || !check.allowed(r, p)) return;
        pairs.push([table.ids[r], p]);
        table.personIds[r] = p;
        check.note(r, p);
      });
      assignEach(db, pairs, 'machine');
      assigned += pairs.length;
    }
    // 2. the rest against unlabelled machine clusters (backbone)
    assigned += joinMachineClusters(
      db,
      table,
      fresh.filter((r) => table.personIds[r] < 0),
      threshold,
    );

    // 3. cluster the unsorted faces that pass the quality gate, when anything new is unsorted
    let clustered = 0;
    let newPeople = 0;
    const minSize = opts.minClusterSize ?? MIN_CLUSTER_SIZE;
    const newUnsorted = fresh.some((r) => table.personIds[r] < 0);
    if (newUnsorted) {
      const pool = rowsWhere(table, (i) => table.personIds[i] < 0 && table.quality[i] >= QUALITY_GATE);
      const seeds = opts.force ? pool : neighbourhoodOfNew(table, pool, lastId, threshold);
      if (seeds.length >= minSize) {
        const seedVectors = gather(table, seeds);
        const index = buildNeighbourIndex(seedVectors, DIM, {});
        const labels = clusterWithGraph(seedVectors, DIM, index.graph, {
          algorithm: opts.algorithm ?? DEFAULT_ALGORITHM,
          threshold,
          groups: Int32Array.from(seeds, (r) => table.photoIds[r]),
          minClusterSize: minSize,
          quality: Float32Array.from(seeds, (r) => table.quality[r]),
        });
        const position = new Int32Array(table.ids.length).fill(-1);
        seeds.forEach((r, i) => (position[r] = i));
        const personOf = new Map<number, number>();
        const pairs: [number, number][] = [];
        seeds.forEach((r, i) => {
          if (labels[i] < 0) return;
          let p = personOf.get(labels[i]);
          if (p === undefined) {
            personOf.set(labels[i], (p = createPerson(db)));
            newPeople++;
          }
          pairs.push([table.ids[r], p]);
          table.personIds[r] = p;
        });
        assignEach(db, pairs, 'machine');
        clustered += pairs.length;
        // 4. leftovers (low quality or too few) may still join the new clusters. After a scan batch only the
        // faces around it are candidates (the seeds and the batch's own low-quality faces), against the new
        // people only: all Unsorted faces against every machine person each batch grew with the library.
        if (newPeople) {
          const candidates = opts.force ? rowsWhere(table, () => true) : [...new Set([...seeds, ...fresh])];
          assigned += joinMachineClusters(
            db,
            table,
            candidates.filter((r) => table.personIds[r] < 0),
            threshold,
            new Set(personOf.values()),
            { rows: seeds, position, index },
          );
        }
      }
    }
    setSetting(db, SETTING_LAST_FACE_ID, String(Math.max(lastId, maxId)));
    return { assigned, clustered, newPeople };
  })();
}
