/**
 * Agglomerative clustering, average linkage (UPGMA) on squared Euclidean distance, over a k-NN graph.
 *
 * The linkage of clusters A and B is the mean of ‖a−b‖² over all |A|·|B| pairs, which is exact in O(d) from
 * running sums: (|B|·ΣA‖a‖² + |A|·ΣB‖b‖² − 2·ΣA a · ΣB b) / (|A|·|B|). So no pairwise matrix is ever held;
 * the graph only says which cluster pairs are candidates. With a complete graph the result is exactly
 * UPGMA; with a k-NN graph, clusters no edge connects are never merged (at face thresholds they are far
 * apart anyway). The threshold is on sqrt(linkage), i.e. in distance units (a root-mean-square distance).
 *
 * Average linkage is reducible (a merged cluster is never closer to a third than the nearer part was),
 * so greedily merging the globally closest valid pair with a lazy heap gives the textbook result.
 *
 * Quality-aware (when `quality` is given): a pair of clusters merges while linkage / qualityScale(mean quality
 * of their faces) is at most the threshold, so low-quality faces must be closer (core/verify/quality-scale.ts). Pairs
 * are then taken in order of that normalised linkage; it is not strictly reducible (a merge can raise the mean
 * quality), so the order is greedy rather than textbook, which only ever delays a merge.
 */
import type { KnnGraph } from '../knn-graph';
import { compactLabels, GroupSets } from './cannot-link';
import { PairHeap } from './pair-heap';
import { qualityScale } from '../../verify/quality-scale';

export interface AverageLinkageOptions {
  /** Merge while the RMS distance between clusters is at most this. */
  readonly threshold: number;
  /** Cannot-link groups (photo ids): points sharing a group id >= 0 are never merged. */
  readonly groups?: Int32Array;
  /** Clusters smaller than this are labelled -1 (default 1: every point gets a label). */
  readonly minClusterSize?: number;
  /** Per-point face quality in [0, 1]; when given the threshold shrinks for low-quality clusters. */
  readonly quality?: ArrayLike<number>;
}

export function averageLinkage(
  vectors: Float32Array,
  dim: number,
  graph: KnnGraph,
  opts: AverageLinkageOptions,
): Int32Array {
  const n = graph.n;
  const sums = new Float64Array(n * dim);
  const sumSq = new Float64Array(n);
  const size = new Float64Array(n).fill(1);
  const version = new Int32Array(n);
  const root = new Int32Array(n);
  const qualitySum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    qualitySum[i] = opts.quality ? opts.quality[i] : 1;
    root[i] = i;
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const x = vectors[i * dim + t];
      sums[i * dim + t] = x;
      s += x * x;
    }
    sumSq[i] = s;
  }
  const linkage = (a: number, b: number): number => {
    let dot = 0;
    const pa = a * dim;
    const pb = b * dim;
    for (let t = 0; t < dim; t++) dot += sums[pa + t] * sums[pb + t];
    const m = (size[b] * sumSq[a] + size[a] * sumSq[b] - 2 * dot) / (size[a] * size[b]);
    return Math.sqrt(Math.max(0, m)) / scaleOf(a, b);
  };
  // 1 without qualities: the plain UPGMA threshold
  const scaleOf = (a: number, b: number): number =>
    opts.quality ? qualityScale((qualitySum[a] + qualitySum[b]) / (size[a] + size[b])) : 1;

  const find = (i: number): number => {
    while (root[i] !== i) {
      root[i] = root[root[i]];
      i = root[i];
    }
    return i;
  };
  // The heap holds candidate pairs keyed by a linkage that was exact when pushed. After a merge nothing is
  // recomputed eagerly: by reducibility (d(A∪B, C) >= min(d(A, C), d(B, C))) the old entries of A and B are
  // lower bounds for the merged cluster, so when one of them reaches the top it is re-evaluated for the
  // current clusters and pushed again. The entry on top whose clusters are unchanged is therefore the
  // globally closest pair: the textbook algorithm, without the O(cluster size) rescans that make eager
  // updates slow for people with thousands of faces.
  const heap = new PairHeap();
  for (let i = 0; i < n; i++) {
    for (let t = i * graph.k, end = t + graph.k; t < end; t++) {
      const j = graph.indices[t];
      if (j < 0 || j === i) continue;
      const d = graph.distances[t] / scaleOf(i, j);
      if (d <= opts.threshold) heap.append(d, i, j, 0, 0);
    }
  }
  heap.heapify();
  const top = new Int32Array(4);
  const groups = new GroupSets(opts.groups, n);
  // (pair of roots) -> versions of the entry last pushed for it, so a burst of stale entries re-pushes once
  const pushed = new Map<number, number>();

  while (heap.size && heap.peekKey() <= opts.threshold) {
    heap.pop(top);
    const a0 = top[0];
    const b0 = top[1];
    const va = top[2];
    const vb = top[3];
    const a = find(a0);
    const b = find(b0);
    if (a === b) continue;
    if (a !== a0 || b !== b0 || version[a] !== va || version[b] !== vb) {
      const [x, y] = a < b ? [a, b] : [b, a];
      const key = x * n + y;
      const stamp = version[x] * (n + 1) + version[y];
      if (pushed.get(key) === stamp) continue;
      pushed.set(key, stamp);
      const d = linkage(x, y);
      if (d <= opts.threshold) heap.push(d, x, y, version[x], version[y]);
      continue;
    }
    if (groups.conflict(a, b)) continue;
    const [r, s] = size[a] >= size[b] ? [a, b] : [b, a];
    for (let t = 0; t < dim; t++) sums[r * dim + t] += sums[s * dim + t];
    sumSq[r] += sumSq[s];
    qualitySum[r] += qualitySum[s];
    size[r] += size[s];
    root[s] = r;
    version[r]++;
    groups.union(r, s);
  }
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = find(i);
  return compactLabels(roots, opts.minClusterSize ?? 1);
}
