/**
 * k-nearest-neighbour graphs over row-major Float32 vectors, Euclidean distance. Clustering works on these
 * sparse graphs so that memory stays O(n·k), never O(n²).
 *
 * Three builders with the same output: `exactKnn` (blocked dot products in plain JS: exact, O(n²·d), the
 * reference), `nativeExactKnn` (the same brute force in usearch's SIMD code, ~10x faster: what small
 * libraries use) and `approximateKnn` (usearch HNSW index: sub-quadratic, for large libraries).
 */
import { exactSearch, Index, MetricKind, ScalarKind, type BatchMatches } from 'usearch';

export interface KnnGraph {
  readonly n: number;
  readonly k: number;
  /** Row i holds the k nearest other points of i, nearest first; -1 where fewer exist. */
  readonly indices: Int32Array;
  /** Euclidean distances matching `indices` (Infinity where the index is -1). */
  readonly distances: Float32Array;
}

const BLOCK = 256;

/** Squared norms of each row. */
function rowNorms(vectors: Float32Array, n: number, dim: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = i * dim, end = t + dim; t < end; t++) s += vectors[t] * vectors[t];
    out[i] = s;
  }
  return out;
}

/** Exact k-NN by blocked dot products (‖a−b‖² = ‖a‖² + ‖b‖² − 2a·b). */
export function exactKnn(vectors: Float32Array, dim: number, k: number): KnnGraph {
  const n = vectors.length / dim;
  if (!Number.isInteger(n)) throw new Error(`vector buffer length ${vectors.length} is not a multiple of ${dim}`);
  const kk = Math.max(0, Math.min(k, n - 1));
  const indices = new Int32Array(n * kk).fill(-1);
  const d2 = new Float32Array(n * kk).fill(Infinity);
  const norms = rowNorms(vectors, n, dim);
  if (kk > 0) {
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      for (let j0 = 0; j0 < n; j0 += BLOCK) {
        const j1 = Math.min(n, j0 + BLOCK);
        for (let i = i0; i < i1; i++) {
          const a = i * dim;
          const row = i * kk;
          const last = row + kk - 1;
          for (let j = j0; j < j1; j++) {
            if (j === i) continue;
            const b = j * dim;
            let dot = 0;
            for (let t = 0; t < dim; t++) dot += vectors[a + t] * vectors[b + t];
            const dist = Math.max(0, norms[i] + norms[j] - 2 * dot);
            if (dist >= d2[last]) continue;
            // insertion into the row's sorted top-k
            let p = last;
            while (p > row && d2[p - 1] > dist) {
              d2[p] = d2[p - 1];
              indices[p] = indices[p - 1];
              p--;
            }
            d2[p] = dist;
            indices[p] = j;
          }
        }
      }
    }
  }
  const distances = new Float32Array(n * kk);
  for (let t = 0; t < distances.length; t++) distances[t] = indices[t] < 0 ? Infinity : Math.sqrt(d2[t]);
  return { n, k: kk, indices, distances };
}

/**
 * A k-NN graph over a set of points together with a search of the same points for other queries, so that a
 * caller that needs both (clustering, then leftovers against the clusters) builds one index, not two.
 */
export interface NeighbourIndex {
  readonly graph: KnnGraph;
  /** The k nearest points of the set for each query row (nothing excluded). */
  search(queries: Float32Array, k: number): KnnGraph;
}

/**
 * Approximate k-NN through a usearch HNSW index (squared-L2 metric). Recall is high but not 1: a pair it
 * misses is only a candidate merge the clustering does not see.
 */
export function approximateKnn(
  vectors: Float32Array,
  dim: number,
  k: number,
  opts: { threads?: number; expansionAdd?: number } = {},
): KnnGraph {
  return approximateKnnIndex(vectors, dim, k, opts).graph;
}

/** approximateKnn, keeping its HNSW index for later queries against the same points. */
export function approximateKnnIndex(
  vectors: Float32Array,
  dim: number,
  k: number,
  opts: { threads?: number; expansionAdd?: number } = {},
): NeighbourIndex {
  const threads = opts.threads ?? 0;
  const n = vectors.length / dim;
  if (!Number.isInteger(n)) throw new Error(`vector buffer length ${vectors.length} is not a multiple of ${dim}`);
  const kk = Math.max(0, Math.min(k, n - 1));
  const indices = new Int32Array(n * kk).fill(-1);
  const distances = new Float32Array(n * kk).fill(Infinity);
  if (kk === 0)
    return { graph: { n, k: kk, indices, distances }, search: (q, k2) => bruteForceKnn(vectors, q, dim, k2) };
  const index = new Index({
    dimensions: dim,
    metric: MetricKind.L2sq,
    quantization: ScalarKind.F32,
    connectivity: 16,
    expansion_add: opts.expansionAdd ?? 64,
    expansion_search: Math.max(64, 2 * (kk + 1)),
    multi: false,
  });
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  index.add(keys, vectors, threads);
  const CHUNK = 4096;
  for (let q0 = 0; q0 < n; q0 += CHUNK) {
    const q1 = Math.min(n, q0 + CHUNK);
    // a flat matrix of several rows is searched as a batch
    const res = index.search(
      vectors.subarray(q0 * dim, q1 * dim),
      kk + 1,
      threads,
    ) as unknown as Partial<BatchMatches> & Pick<BatchMatches, 'keys' | 'distances'>;
    fillWithoutSelf(res, q0, q1, kk, indices, distances);
  }
  const search = (queries: Float32Array, k2: number): KnnGraph => {
    const nq = queries.length / dim;
    const kq = Math.max(0, Math.min(k2, n));
    const qi = new Int32Array(nq * kq).fill(-1);
    const qd = new Float32Array(nq * kq).fill(Infinity);
    if (nq && kq) {
      const res = index.search(queries, kq, threads) as unknown as Partial<BatchMatches> &
        Pick<BatchMatches, 'keys' | 'distances'>;
      copyRows(res, nq, kq, qi, qd);
    }
    return { n: nq, k: kq, indices: qi, distances: qd };
  };
  return { graph: { n, k: kk, indices, distances }, search };
}

/** Exact brute-force k-NN in usearch's native SIMD code (squared L2), self excluded. */
export function nativeExactKnn(vectors: Float32Array, dim: number, k: number): KnnGraph {
  const n = vectors.length / dim;
  if (!Number.isInteger(n)) throw new Error(`vector buffer length ${vectors.length} is not a multiple of ${dim}`);
  const kk = Math.max(0, Math.min(k, n - 1));
  const indices = new Int32Array(n * kk).fill(-1);
  const distances = new Float32Array(n * kk).fill(Infinity);
  if (kk === 0) return { n, k: kk, indices, distances };
  const res = exactSearch(vectors, vectors, dim, kk + 1, MetricKind.L2sq, 0) as unknown as Partial<BatchMatches> &
    Pick<BatchMatches, 'keys' | 'distances'>;
  fillWithoutSelf(res, 0, n, kk, indices, distances);
  return { n, k: kk, indices, distances };
}

/** Copies batch search results (kk + 1 per query, self among them) into kk-wide rows without the query itself. */
function fillWithoutSelf(
  res: Partial<BatchMatches> & Pick<BatchMatches, 'keys' | 'distances'>,
  q0: number,
  q1: number,
  kk: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  const stride = kk + 1;
  for (let q = q0; q < q1; q++) {
    const base = (q - q0) * stride;
    const count = res.counts ? Number(res.counts[q - q0]) : res.keys.length;
    let w = q * kk;
    const end = w + kk;
    for (let t = 0; t < count && w < end; t++) {
      const j = Number(res.keys[base + t]);
      if (j === q) continue;
      indices[w] = j;
      distances[w] = Math.sqrt(Math.max(0, res.distances[base + t]));
      w++;
    }
  }
}

/**
 * Queries up to this many are answered by brute force whatever the number of references: building an HNSW
 * index costs roughly a thousand distance evaluations per reference (expansion 128 x connectivity), so for an
 * after-scan batch (~100 faces) against a large library brute force is ~10x cheaper than the index it would
 * build and throw away.
 */
const BRUTE_FORCE_QUERIES = 1024;

/** k nearest rows of `refs` for each row of `queries` by exact brute force (usearch's native SIMD). */
export function bruteForceKnn(refs: Float32Array, queries: Float32Array, dim: number, k: number): KnnGraph {
  const nq = queries.length / dim;
  const kk = Math.max(0, Math.min(k, refs.length / dim));
  const indices = new Int32Array(nq * kk).fill(-1);
  const distances = new Float32Array(nq * kk).fill(Infinity);
  if (kk === 0 || nq === 0) return { n: nq, k: kk, indices, distances };
  const res = exactSearch(refs, queries, dim, kk, MetricKind.L2sq, 0) as unknown as Partial<BatchMatches> &
    Pick<BatchMatches, 'keys' | 'distances'>;
  copyRows(res, nq, kk, indices, distances);
  return { n: nq, k: kk, indices, distances };
}

/** Whether searchKnn answers `nq` queries against `nr` references by building an HNSW index (else brute force). */
export function searchBuildsIndex(nr: number, nq: number): boolean {
  return nr * nq > 5_000_000 && nr >= 2000 && nq > BRUTE_FORCE_QUERIES;
}

/** k nearest rows of `refs` for each row of `queries` (not excluding anything): exact when cheaper, else usearch. */
export function searchKnn(refs: Float32Array, queries: Float32Array, dim: number, k: number): KnnGraph {
  const nr = refs.length / dim;
  const nq = queries.length / dim;
  const kk = Math.max(0, Math.min(k, nr));
  const indices = new Int32Array(nq * kk).fill(-1);
  const distances = new Float32Array(nq * kk).fill(Infinity);
  if (kk === 0 || nq === 0) return { n: nq, k: kk, indices, distances };
  if (!searchBuildsIndex(nr, nq)) return bruteForceKnn(refs, queries, dim, kk);
  const index = new Index({
    dimensions: dim,
    metric: MetricKind.L2sq,
    quantization: ScalarKind.F32,
    connectivity: 16,
    expansion_add: 128,
    expansion_search: Math.max(64, 2 * kk),
    multi: false,
  });
  const keys = new BigUint64Array(nr);
  for (let i = 0; i < nr; i++) keys[i] = BigInt(i);
  index.add(keys, refs, 0);
  const res = index.search(queries, kk, 0) as unknown as Partial<BatchMatches> &
    Pick<BatchMatches, 'keys' | 'distances'>;
  copyRows(res, nq, kk, indices, distances);
  return { n: nq, k: kk, indices, distances };
}

function copyRows(
  res: Partial<BatchMatches> & Pick<BatchMatches, 'keys' | 'distances'>,
  nq: number,
  kk: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  for (let q = 0; q < nq; q++) {
    const count = res.counts ? Number(res.counts[q]) : res.keys.length;
    for (let t = 0; t < Math.min(count, kk); t++) {
      indices[q * kk + t] = Number(res.keys[q * kk + t]);
      distances[q * kk + t] = Math.sqrt(Math.max(0, res.distances[q * kk + t]));
    }
  }
}
