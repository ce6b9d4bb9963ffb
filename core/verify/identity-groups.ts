/**
 * Faces grouped by identity label: `order` lists face indices class by class, so that "a face of class k" and
 * "a face NOT of class k" can both be drawn in O(1), which is what uniform pair sampling needs.
 */
export interface IdentityGroups {
  readonly order: Int32Array;
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** Number of unordered same-identity pairs. */
  readonly samePairs: number;
  /** Number of unordered different-identity pairs. */
  readonly diffPairs: number;
}

export function groupByIdentity(labels: Int32Array): IdentityGroups {
  const n = labels.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => labels[a] - labels[b] || a - b);
  const starts: number[] = [];
  for (let p = 0; p < n; p++) if (p === 0 || labels[order[p]] !== labels[order[p - 1]]) starts.push(p);
  const start = Int32Array.from(starts);
  const count = Int32Array.from(starts, (s, k) => (k + 1 < starts.length ? starts[k + 1] : n) - s);
  let samePairs = 0;
  for (const c of count) samePairs += (c * (c - 1)) / 2;
  return { order, start, count, samePairs, diffPairs: (n * (n - 1)) / 2 - samePairs };
}
