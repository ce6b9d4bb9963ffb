/** A binary min-heap of (key, payload) with payloads as small integer tuples; no per-entry objects. */
export class MinHeap {
  private keys: number[] = [];
  private slots: number[] = [];
  private payloads: number[][] = [];
  private free: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, payload: number[]): void {
    const slot = this.free.pop() ?? this.payloads.length;
    this.payloads[slot] = payload;
    let i = this.keys.length;
    this.keys.push(key);
    this.slots.push(slot);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.slots[i] = this.slots[p];
      i = p;
    }
    this.keys[i] = key;
    this.slots[i] = slot;
  }

  /** Smallest key without removing it (Infinity when empty). */
  peekKey(): number {
    return this.keys.length ? this.keys[0] : Infinity;
  }

  /** Removes the smallest entry and returns its payload. */
  pop(): number[] | undefined {
    const n = this.keys.length;
    if (!n) return undefined;
    const slot = this.slots[0];
    const out = this.payloads[slot];
    this.free.push(slot);
    const lastKey = this.keys.pop()!;
    const lastSlot = this.slots.pop()!;
    if (n > 1) {
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        const c = r < m && this.keys[r] < this.keys[l] ? r : l;
        if (this.keys[c] >= lastKey) break;
        this.keys[i] = this.keys[c];
        this.slots[i] = this.slots[c];
        i = c;
      }
      this.keys[i] = lastKey;
      this.slots[i] = lastSlot;
    }
    return out;
  }
}
