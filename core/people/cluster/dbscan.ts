/**
 * DBSCAN on a k-NN graph: a point is a core point when at least `minPoints` points (itself included) lie
 * within `eps` (neighbourhoods are truncated at the graph's k). Clusters grow from core points through
 * their eps-neighbours; points reached from no core point are noise (-1). A point whose photo is already
 * in the growing cluster is skipped (same-photo cannot-link).
 */
import type { KnnGraph } from '../knn-graph';
import { compactLabels, GroupSets } from './cannot-link';

export interface DbscanOptions {
  readonly eps: number;
  /** Minimum neighbourhood size, the point itself included (Immich uses 3). */
  readonly minPoints: number;
  readonly groups?: Int32Array;
  readonly minClusterSize?: number;
}

export function dbscan(graph: KnnGraph, opts: DbscanOptions): Int32Array {
  const { n, k } = graph;
  const neighbours = (i: number): number[] => {
    const out: number[] = [];
    for (let t = i * k, end = t + k; t < end; t++) {
      if (graph.indices[t] < 0 || graph.distances[t] > opts.eps) break;
      out.push(graph.indices[t]);
    }
    return out;
  };
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) core[i] = neighbours(i).length + 1 >= opts.minPoints ? 1 : 0;
  const label = new Int32Array(n).fill(-1);
  const groups = new GroupSets(undefined, n);
  const groupOf = (i: number) => (opts.groups ? opts.groups[i] : -1);
  for (let seed = 0; seed < n; seed++) {
    if (!core[seed] || label[seed] >= 0) continue;
    label[seed] = seed;
    groups.add(seed, groupOf(seed));
    const queue = [seed];
    while (queue.length) {
      const p = queue.pop()!;
      if (!core[p]) continue;
      for (const q of neighbours(p)) {
        if (label[q] >= 0 || groups.has(seed, groupOf(q))) continue;
        label[q] = seed;
        groups.add(seed, groupOf(q));
        queue.push(q);
      }
    }
  }
  return compactLabels(label, opts.minClusterSize ?? 1);
}
