import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactKnn } from '../knn-graph';
import { averageLinkage } from './average-linkage';
import { dbscan } from './dbscan';
import { clusterVectors } from './index';
import { singleLinkage } from './single-linkage';

/** Points on a line, embedded in 2-D. */
const line = (xs: number[]) => new Float32Array(xs.flatMap((x) => [x, 0]));
const partition = (labels: Int32Array) => {
  const groups = new Map<number, number[]>();
  labels.forEach((l, i) => groups.set(l < 0 ? -1 - i : l, [...(groups.get(l < 0 ? -1 - i : l) ?? []), i]));
  return [...groups.values()].map((g) => g.join(',')).sort();
};

// x = 0, 1, 3, 7. Squared distances: (0,1)=1 (0,3)=9 (1,3)=4 (0,7)=49 (1,7)=36 (3,7)=16.
// Average linkage on squared distance: {0,1} at sqrt(1)=1; {0,1}-3 at sqrt((9+4)/2)=2.55; then 7 at sqrt(101/3)=5.80.
const X = line([0, 1, 3, 7]);
const G = exactKnn(X, 2, 3);

test('average linkage merges in the hand-computed order', () => {
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 0.99 })), ['0', '1', '2', '3']);
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 2.5 })), ['0,1', '2', '3']);
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 2.56 })), ['0,1,2', '3']);
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 5.79 })), ['0,1,2', '3']);
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 5.81 })), ['0,1,2,3']);
});

test('single linkage chains where average linkage does not', () => {
  // single-linkage merge heights: 1, 2, 4
  assert.deepEqual(partition(singleLinkage(G, { threshold: 2.2 })), ['0,1,2', '3']);
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 2.2 })), ['0,1', '2', '3']);
  assert.deepEqual(partition(singleLinkage(G, { threshold: 4 })), ['0,1,2,3']);
});

test('same-photo faces are never merged (cannot-link groups)', () => {
  const groups = new Int32Array([5, 5, -1, -1]); // points 0 and 1 are in one photo
  // 1 and 3 merge first (distance 2); {1,3} then cannot take 0.
  assert.deepEqual(partition(averageLinkage(X, 2, G, { threshold: 2.6, groups })), ['0', '1,2', '3']);
  assert.deepEqual(partition(singleLinkage(G, { threshold: 10, groups })), ['0', '1,2,3']);
  const labels = dbscan(G, { eps: 10, minPoints: 2, groups });
  assert.notEqual(labels[0], labels[1]);
});

test('DBSCAN finds the dense groups and leaves noise out', () => {
  const P = line([0, 0.1, 0.2, 5, 5.1, 5.2, 10]);
  const labels = dbscan(exactKnn(P, 2, 6), { eps: 0.15, minPoints: 3 });
  assert.deepEqual(partition(labels), ['0,1,2', '3,4,5', '6']);
  assert.equal(labels[6], -1);
});

/** Textbook UPGMA on squared distances with a full matrix, O(n³): the reference for the graph version. */
function naiveUpgma(v: Float32Array, dim: number, threshold: number): Int32Array {
  const n = v.length / dim;
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  const d2 = (i: number, j: number) => {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (v[i * dim + t] - v[j * dim + t]) ** 2;
    return s;
  };
  for (;;) {
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let a = 0; a < clusters.length; a++)
      for (let b = a + 1; b < clusters.length; b++) {
        let s = 0;
        for (const i of clusters[a]) for (const j of clusters[b]) s += d2(i, j);
        const m = Math.sqrt(s / (clusters[a].length * clusters[b].length));
        if (m < best) [best, bi, bj] = [m, a, b];
      }
    if (best > threshold) break;
    clusters[bi] = clusters[bi].concat(clusters[bj]);
    clusters = clusters.filter((_, c) => c !== bj);
  }
  const out = new Int32Array(n);
  clusters.forEach((c, l) => c.forEach((i) => (out[i] = l)));
  return out;
}

for (const [seed0, groupsOf, spread] of [
  [7, 6, 0.3],
  [13, 12, 0.5],
  [29, 20, 0.8],
] as const)
  test(`graph average linkage equals full-matrix UPGMA on random data (seed ${seed0})`, () => {
    let seed: number = seed0;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const dim = 8;
    const v = new Float32Array(groupsOf * 8 * dim);
    for (let c = 0; c < groupsOf; c++) {
      const centre = Array.from({ length: dim }, rnd);
      for (let m = 0; m < 8; m++) for (let t = 0; t < dim; t++) v[(c * 8 + m) * dim + t] = centre[t] + spread * rnd();
    }
    for (const threshold of [0.4, 0.8, 1.2, 2]) {
      const got = clusterVectors(v, dim, { algorithm: 'average', threshold });
      assert.deepEqual(partition(got), partition(naiveUpgma(v, dim, threshold)), `threshold ${threshold}`);
    }
  });

test('minClusterSize turns small clusters into unclustered (-1)', () => {
  const labels = averageLinkage(X, 2, G, { threshold: 2.56, minClusterSize: 2 });
  assert.deepEqual([...labels], [0, 0, 0, -1]);
});

test('quality-aware average linkage: low-quality faces must be closer to merge', () => {
  // two points 1 apart: merge at threshold 1.2 when sharp, not when both are poor (threshold x 0.6 = 0.72)
  const pts = line([0, 1]);
  const g = exactKnn(pts, 2, 1);
  assert.deepEqual(partition(averageLinkage(pts, 2, g, { threshold: 1.2, quality: [1, 1] })), ['0,1']);
  assert.deepEqual(partition(averageLinkage(pts, 2, g, { threshold: 1.2, quality: [0.1, 0.1] })), ['0', '1']);
  // without qualities, the plain threshold
  assert.deepEqual(partition(averageLinkage(pts, 2, g, { threshold: 1.2 })), ['0,1']);
});
