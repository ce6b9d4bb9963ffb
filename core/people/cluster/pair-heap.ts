/**
 * A binary min-heap of candidate merges: a key and four int32 fields (two points and the versions they had when
 * pushed), all in typed arrays that grow by doubling. At 100k faces the clustering pushes ~1.5M entries; one
 * array object per entry made the collector a large part of its time.
 */
export class PairHeap {
  private keys = new Float64Array(1024);
  private fields = new Int32Array(4 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an entry without restoring heap order; call heapify() before the next pop. */
  append(key: number, a: number, b: number, va: number, vb: number): void {
    if (this.count === this.keys.length) this.grow();
    const i = this.count++;
    this.keys[i] = key;
    const f = this.fields;
    f[4 * i] = a;
    f[4 * i + 1] = b;
    f[4 * i + 2] = va;
    f[4 * i + 3] = vb;
  }

  /** Restores heap order after append() calls, in O(n). */
  heapify(): void {
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  push(key: number, a: number, b: number, va: number, vb: number): void {
    this.append(key, a, b, va, vb);
    let i = this.count - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Smallest key without removing it (Infinity when empty). */
  peekKey(): number {
    return this.count ? this.keys[0] : Infinity;
  }

  /** Removes the smallest entry, copying its fields into `out` (a, b, va, vb); false when empty. */
  pop(out: Int32Array): boolean {
    if (!this.count) return false;
    out.set(this.fields.subarray(0, 4));
    const last = --this.count;
    if (last > 0) {
      this.keys[0] = this.keys[last];
      this.fields.copyWithin(0, 4 * last, 4 * last + 4);
      this.siftDown(0);
    }
    return true;
  }

  private siftDown(i: number): void {
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.keys[r] < this.keys[l] ? r : l;
      if (this.keys[c] >= this.keys[i]) return;
      this.swap(i, c);
      i = c;
    }
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
    const f = this.fields;
    for (let t = 0; t < 4; t++) {
      const x = f[4 * i + t];
      f[4 * i + t] = f[4 * j + t];
      f[4 * j + t] = x;
    }
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const fields = new Int32Array(this.fields.length * 2);
    fields.set(this.fields);
    this.keys = keys;
    this.fields = fields;
  }
}
