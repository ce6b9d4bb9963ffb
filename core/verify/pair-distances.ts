import type { IdentityGroups } from './identity-groups';
import type { Rng } from './rng';

/**
 * Euclidean distances of face pairs. Squared distances come from dot products and precomputed squared norms
 * (|a|² + |b|² − 2a·b, in float64), so nothing assumes the inputs are exactly unit length.
 */
export class PairDistances {
  private readonly norms: Float64Array;

  constructor(
    private readonly vectors: Float32Array,
    private readonly dim: number,
  ) {
    const n = vectors.length / dim;
    this.norms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.norms[i] = this.dot(i, i);
      // A NaN or infinite component would make every distance of this face NaN, silently never accepted.
      if (!Number.isFinite(this.norms[i]))
        throw new RangeError(`descriptor ${i} has a value that is not a finite number`);
    }
  }

  private dot(i: number, j: number): number {
    const v = this.vectors;
    const a = i * this.dim;
    const b = j * this.dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < this.dim; k += 4) {
      s0 += v[a + k] * v[b + k];
      s1 += v[a + k + 1] * v[b + k + 1];
      s2 += v[a + k + 2] * v[b + k + 2];
      s3 += v[a + k + 3] * v[b + k + 3];
    }
    for (; k < this.dim; k++) s0 += v[a + k] * v[b + k];
    return s0 + s1 + s2 + s3;
  }

  distance(i: number, j: number): number {
    if (i === j) return 0;
    const sq = this.norms[i] + this.norms[j] - 2 * this.dot(i, j);
    return sq > 0 ? Math.sqrt(sq) : 0;
  }

  /** Every same-identity pair, unsorted. */
  allSame(groups: IdentityGroups): Float64Array {
    const out = new Float64Array(groups.samePairs);
    let w = 0;
    for (let k = 0; k < groups.start.length; k++) {
      const s = groups.start[k];
      const e = s + groups.count[k];
      for (let p = s; p < e; p++)
        for (let q = p + 1; q < e; q++) out[w++] = this.distance(groups.order[p], groups.order[q]);
    }
    return out;
  }

  /** Every different-identity pair, unsorted. */
  allDiff(groups: IdentityGroups): Float64Array {
    const out = new Float64Array(groups.diffPairs);
    const { order, start, count } = groups;
    let w = 0;
    for (let k = 0; k < start.length; k++) {
      const afterK = start[k] + count[k];
      for (let p = start[k]; p < afterK; p++) {
        const i = order[p];
        for (let q = afterK; q < order.length; q++) out[w++] = this.distance(i, order[q]);
      }
    }
    return out;
  }

  /**
   * m same-identity pairs drawn uniformly with replacement: the class with probability ∝ c(c−1), then two
   * distinct members — every unordered same pair has probability 1/samePairs.
   */
  sampleSame(groups: IdentityGroups, m: number, rng: Rng): Float64Array {
    const { order, start, count } = groups;
    const weights = Array.from(count, (c) => c * (c - 1));
    const pick = weightedPicker(weights);
    const out = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const k = pick(rng.next());
      const a = rng.int(count[k]);
      let b = rng.int(count[k] - 1);
      if (b >= a) b++;
      out[t] = this.distance(order[start[k] + a], order[start[k] + b]);
    }
    return out;
  }

  /**
   * m different-identity pairs drawn uniformly with replacement: the first face's class with probability
   * ∝ c(n−c), a member of it, then any face outside that class — every ordered pair (i, j) with different labels
   * has probability 1/(2·diffPairs), so every unordered one has 1/diffPairs.
   */
  sampleDiff(groups: IdentityGroups, m: number, rng: Rng): Float64Array {
    const { order, start, count } = groups;
    const n = order.length;
    const pick = weightedPicker(Array.from(count, (c) => c * (n - c)));
    const out = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const k = pick(rng.next());
      const i = order[start[k] + rng.int(count[k])];
      let r = rng.int(n - count[k]);
      if (r >= start[k]) r += count[k];
      out[t] = this.distance(i, order[r]);
    }
    return out;
  }
}

/** Maps u in [0, 1) to index k with probability weights[k] / Σ weights (binary search on the cumulative sum). */
function weightedPicker(weights: readonly number[]): (u: number) => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, k) => (cum[k] = total += w));
  return (u) => {
    const x = u * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
