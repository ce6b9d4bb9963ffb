/** Number of values in ascending `sorted` that are <= d (binary search; NaN d counts nothing). */
export function countAtMost(sorted: ArrayLike<number>, d: number): number {
  if (!(d >= sorted[0])) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values in ascending `sorted` that are < d. */
export function countBelow(sorted: ArrayLike<number>, d: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The largest double strictly below x (x finite and > -Infinity). */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] += x > 0 ? -1n : 1n;
  return buf[0];
}
