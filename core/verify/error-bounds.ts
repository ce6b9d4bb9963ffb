/**
 * Error bounds for rates estimated from a sample of pairs drawn independently and uniformly (with replacement).
 */

/** Two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

/**
 * DKW (Dvoretzky–Kiefer–Wolfowitz, Massart's constant): with probability >= 1 - alpha, the empirical CDF of m iid
 * samples is within epsilon of the true CDF at EVERY d at once — so FAR(d) read off a sample of m different-person
 * pairs is within epsilon of the true FAR for every threshold simultaneously.
 */
export function dkwEpsilon(m: number, alpha = 0.05): number {
  return m > 0 ? Math.sqrt(Math.log(2 / alpha) / (2 * m)) : 1;
}

/**
 * Wilson score interval (95%) for a binomial proportion k/m: much tighter than DKW for one threshold when the rate
 * is small (FAR near 1e-3), and sensible at k = 0.
 */
export function wilsonInterval(k: number, m: number, z = Z95): { lo: number; hi: number } {
  if (m <= 0) return { lo: 0, hi: 1 };
  const p = k / m;
  const z2 = z * z;
  const den = 1 + z2 / m;
  const centre = (p + z2 / (2 * m)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / m + z2 / (4 * m * m))) / den;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
