/**
 * Cannot-link bookkeeping shared by the clustering algorithms: each point may carry a group id (its photo);
 * two points of one group never end up in one cluster. Sets are merged small-into-large.
 */
export class GroupSets {
  private readonly sets: (Set<number> | null)[];

  /** `groups[i]` >= 0 is point i's group; < 0 means unconstrained. */
  constructor(groups: Int32Array | undefined, n: number) {
    this.sets = new Array<Set<number> | null>(n).fill(null);
    if (groups) for (let i = 0; i < n; i++) if (groups[i] >= 0) this.sets[i] = new Set([groups[i]]);
  }

  /** True when clusters rooted at a and b share a group. */
  conflict(a: number, b: number): boolean {
    const sa = this.sets[a];
    const sb = this.sets[b];
    if (!sa || !sb) return false;
    const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
    for (const g of small) if (large.has(g)) return true;
    return false;
  }

  /** True when the cluster rooted at a already holds `group`. */
  has(a: number, group: number): boolean {
    return group >= 0 && (this.sets[a]?.has(group) ?? false);
  }

  /** Moves b's groups into a (a becomes the root of both). */
  union(a: number, b: number): void {
    const sa = this.sets[a];
    const sb = this.sets[b];
    if (!sb) return;
    if (!sa) {
      this.sets[a] = sb;
    } else if (sa.size >= sb.size) {
      for (const g of sb) sa.add(g);
    } else {
      for (const g of sa) sb.add(g);
      this.sets[a] = sb;
    }
    this.sets[b] = null;
  }

  add(a: number, group: number): void {
    if (group < 0) return;
    const s = this.sets[a];
    if (s) s.add(group);
    else this.sets[a] = new Set([group]);
  }
}

/** Renumbers root labels to 0..m-1 in order of first appearance; clusters smaller than minSize become -1. */
export function compactLabels(roots: Int32Array, minSize: number): Int32Array {
  const n = roots.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) if (roots[i] >= 0) counts.set(roots[i], (counts.get(roots[i]) ?? 0) + 1);
  const ids = new Map<number, number>();
  const out = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = roots[i];
    if (r < 0 || (counts.get(r) ?? 0) < minSize) continue;
    let id = ids.get(r);
    if (id === undefined) ids.set(r, (id = ids.size));
    out[i] = id;
  }
  return out;
}
