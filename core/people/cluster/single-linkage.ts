/**
 * Single-linkage agglomerative clustering with a distance threshold on a k-NN graph: Kruskal over the
 * graph's edges in ascending order with union-find. Exact single linkage when every point's neighbours
 * within the threshold are in its k-NN list. Cannot-link groups block a union (the constrained variant).
 */
import type { KnnGraph } from '../knn-graph';
import { compactLabels, GroupSets } from './cannot-link';

export interface SingleLinkageOptions {
  readonly threshold: number;
  readonly groups?: Int32Array;
  readonly minClusterSize?: number;
}

export function singleLinkage(graph: KnnGraph, opts: SingleLinkageOptions): Int32Array {
  const { n, k } = graph;
  const edges: number[] = [];
  for (let t = 0; t < n * k; t++) if (graph.indices[t] >= 0 && graph.distances[t] <= opts.threshold) edges.push(t);
  edges.sort((x, y) => graph.distances[x] - graph.distances[y]);
  const parent = new Int32Array(n);
  const rank = new Uint8Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const groups = new GroupSets(opts.groups, n);
  for (const t of edges) {
    let a = find(Math.floor(t / k));
    let b = find(graph.indices[t]);
    if (a === b || groups.conflict(a, b)) continue;
    if (rank[a] < rank[b]) [a, b] = [b, a];
    parent[b] = a;
    if (rank[a] === rank[b]) rank[a]++;
    groups.union(a, b);
  }
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = find(i);
  return compactLabels(roots, opts.minClusterSize ?? 1);
}
