/**
 * One entry point for clustering descriptor vectors: builds the k-NN graph (exact for small inputs,
 * usearch for large ones) and runs the chosen algorithm. Labels are 0..m-1, or -1 for unclustered.
 */
import { approximateKnnIndex, bruteForceKnn, nativeExactKnn, type KnnGraph, type NeighbourIndex } from '../knn-graph';
import { averageLinkage } from './average-linkage';
import { dbscan } from './dbscan';
import { singleLinkage } from './single-linkage';

export const ALGORITHMS = ['average', 'single', 'dbscan'] as const;
export type ClusterAlgorithm = (typeof ALGORITHMS)[number];

export interface ClusterOptions {
  readonly algorithm: ClusterAlgorithm;
  /** Distance threshold (DBSCAN: eps). */
  readonly threshold: number;
  /** DBSCAN only: neighbourhood size that makes a core point, itself included. */
  readonly minPoints?: number;
  /** Cannot-link groups (photo ids). */
  readonly groups?: Int32Array;
  readonly minClusterSize?: number;
  /** Average linkage only: per-point face quality, so low-quality faces need closer matches (core/verify/quality-scale.ts). */
  readonly quality?: ArrayLike<number>;
  /** Neighbours per point in the graph (default 16; inputs up to `completeUpTo` points use the complete graph). */
  readonly k?: number;
  readonly completeUpTo?: number;
  /** 'auto': exact search up to 8000 points, usearch above. */
  readonly knn?: 'auto' | 'exact' | 'usearch';
}

export function buildGraph(
  vectors: Float32Array,
  dim: number,
  opts: Pick<ClusterOptions, 'k' | 'completeUpTo' | 'knn'>,
): KnnGraph {
  return buildNeighbourIndex(vectors, dim, opts).graph;
}

/** buildGraph, plus a search of the same points for other queries (the usearch index kept, not rebuilt). */
export function buildNeighbourIndex(
  vectors: Float32Array,
  dim: number,
  opts: Pick<ClusterOptions, 'k' | 'completeUpTo' | 'knn'>,
): NeighbourIndex {
  const n = vectors.length / dim;
  const k = n <= (opts.completeUpTo ?? 1000) ? n - 1 : (opts.k ?? 16);
  const mode = opts.knn ?? 'auto';
  const exact = mode === 'exact' || (mode === 'auto' && n <= 8000);
  if (!exact) return approximateKnnIndex(vectors, dim, k);
  return { graph: nativeExactKnn(vectors, dim, k), search: (queries, kq) => bruteForceKnn(vectors, queries, dim, kq) };
}

export function clusterWithGraph(
  vectors: Float32Array,
  dim: number,
  graph: KnnGraph,
  opts: ClusterOptions,
): Int32Array {
  const base = { groups: opts.groups, minClusterSize: opts.minClusterSize };
  switch (opts.algorithm) {
    case 'average':
      return averageLinkage(vectors, dim, graph, { ...base, threshold: opts.threshold, quality: opts.quality });
    case 'single':
      return singleLinkage(graph, { ...base, threshold: opts.threshold });
    case 'dbscan':
      return dbscan(graph, { ...base, eps: opts.threshold, minPoints: opts.minPoints ?? 3 });
  }
}

export function clusterVectors(vectors: Float32Array, dim: number, opts: ClusterOptions): Int32Array {
  if (vectors.length === 0) return new Int32Array(0);
  return clusterWithGraph(vectors, dim, buildGraph(vectors, dim, opts), opts);
}
