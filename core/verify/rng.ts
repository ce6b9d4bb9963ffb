/**
 * A small seeded generator (mulberry32) so that sampled statistics and k-fold splits are reproducible:
 * the same seed on the same data gives the same numbers, which the tests and the CLI rely on.
 */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n) for 0 < n <= 2^53. */
  int(n: number): number;
}

/** mulberry32's raw 32-bit outputs. */
function mulberry32U32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform in [0, 1) with 32 random bits per draw: enough for shuffles and layouts, and cheaper than `next`. */
export function mulberry32(seed: number): () => number {
  const u32 = mulberry32U32(seed);
  return () => u32() / 4294967296;
}

export function createRng(seed: number): Rng {
  const u32 = mulberry32U32(seed);
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return { next, int: (n) => Math.floor(next() * n) };
}
