/**
 * Nearest faces of a subset of the face table without copying that subset: an exact brute-force search over the
 * whole table (contiguous, so nothing is gathered), keeping the neighbours that are members. After a scan batch
 * at 2M faces, gathering the machine people's faces (~1 GB) and the Unsorted pool for every batch of 50 photos
 * was most of the batch's time and memory.
 *
 * Exact where it says so: a query's list is the true `k` nearest members when it found `k` of them, or when the
 * deepest table neighbour searched is already beyond `limit` (any member it missed is beyond too, and callers
 * read neighbours only up to `limit`). Other queries are reported, for the caller's slower path.
 */
import { bruteForceKnn, type KnnGraph } from './knn-graph';
import type { FaceTable } from './people-repo';

export interface MemberNeighbours {
  /** Row q: up to k member rows of the table (table row numbers), nearest first; -1 pads. */
  readonly graph: KnnGraph;
  /** Query positions whose list may miss a member within `limit`. */
  readonly unsure: number[];
}

export function nearestMembers(
  table: FaceTable,
  dim: number,
  isMember: Uint8Array,
  queries: Float32Array,
  k: number,
  limit: number,
  depth = 8 * k,
): MemberNeighbours {
  const nq = queries.length / dim;
  const all = bruteForceKnn(table.vectors, queries, dim, depth);
  const indices = new Int32Array(nq * k).fill(-1);
  const distances = new Float32Array(nq * k).fill(Infinity);
  const unsure: number[] = [];
  for (let q = 0; q < nq; q++) {
    let w = q * k;
    const end = all.k * (q + 1);
    for (let t = all.k * q; t < end && w < (q + 1) * k; t++) {
      const j = all.indices[t];
      if (j < 0 || !isMember[j]) continue;
      indices[w] = j;
      distances[w++] = all.distances[t];
    }
    const deepest = all.k ? all.distances[end - 1] : Infinity;
    if (w < (q + 1) * k && all.k === depth && deepest <= limit) unsure.push(q);
  }
  return { graph: { n: nq, k, indices, distances }, unsure };
}
