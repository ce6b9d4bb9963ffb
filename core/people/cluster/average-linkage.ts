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
 */
import type { KnnGraph } from '../knn-graph';
import { compactLabels, GroupSets } from './cannot-link';
import { MinHeap } from './min-heap';

export interface AverageLinkageOptions {
  /** Merge while the RMS distance between clusters is at most this. */
  readonly threshold: number;
  /** Cannot-link groups (photo ids): points sharing a group id >= 0 are never merged. */
  readonly groups?: Int32Array;
  /** Clusters smaller than this are labelled -1 (default 1: every point gets a label). */
  readonly minClusterSize?: number;
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
  for (let i = 0; i < n; i++) {
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
    return Math.sqrt(Math.max(0, m));
  };

  // near[c]: clusters whose linkage to c is within the threshold. Reducibility makes this enough: after
  // merging a and b, d(a∪b, c) >= min(d(a, c), d(b, c)), so only clusters near a or b can be near a∪b,
  // and far pairs are never looked at again (this is what keeps big libraries fast).
  const near: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) {
    for (let t = i * graph.k, end = t + graph.k; t < end; t++) {
      const j = graph.indices[t];
      const d = graph.distances[t];
      if (j < 0 || j === i || d > opts.threshold) continue;
      if (!near[i].has(j)) {
        near[i].add(j);
        near[j].add(i);
        heap.push(d, [i, j, 0, 0]);
      }
    }
  }
  const groups = new GroupSets(opts.groups, n);

  while (heap.size && heap.peekKey() <= opts.threshold) {
    const [a, b, va, vb] = heap.pop()!;
    if (version[a] !== va || version[b] !== vb || root[a] !== a || root[b] !== b) continue;
    if (groups.conflict(a, b)) continue;
    const [r, s] = near[a].size >= near[b].size ? [a, b] : [b, a];
    for (let t = 0; t < dim; t++) sums[r * dim + t] += sums[s * dim + t];
    sumSq[r] += sumSq[s];
    size[r] += size[s];
    root[s] = r;
    version[r]++;
    groups.union(r, s);
    const candidates = near[r];
    for (const nb of near[s]) candidates.add(nb);
    candidates.delete(r);
    candidates.delete(s);
    near[s] = new Set();
    const still = new Set<number>();
    for (const nb of candidates) {
      near[nb].delete(s);
      const d = linkage(r, nb);
      if (d <= opts.threshold) {
        still.add(nb);
        near[nb].add(r);
        heap.push(d, [r, nb, version[r], version[nb]]);
      } else near[nb].delete(r);
    }
    near[r] = still;
  }
  // resolve roots (path compression)
  const find = (i: number): number => {
    let x = i;
    while (root[x] !== x) x = root[x];
    let y = i;
    while (root[y] !== x) {
      const next = root[y];
      root[y] = x;
      y = next;
    }
    return x;
  };
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = find(i);
  return compactLabels(roots, opts.minClusterSize ?? 1);
}
