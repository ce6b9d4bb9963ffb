/**
 * Quality-aware distances: the distance below which two faces may be called the same person shrinks with the
 * faces' quality (faces.quality: size, sharpness, frontalness; core/vision/image/quality).
 *
 * Why: on small, old, blurred or aged faces the descriptors of different people crowd together. Measured on
 * the scanned sets (largest face per photo; minimum quality of a pair): at distance 0.38 different-person pairs
 * fall below it 1.0-2.5% of the time at quality < 0.6 on hard/lag_aging, against 0.1% on dev (quality 0.75+).
 * One threshold calibrated on sharp, large faces therefore merges low-quality faces of different people.
 * Precision first: a face that cannot be trusted needs a closer match, or stays in Unsorted.
 *
 * The scale is a pure function so that clustering, joining machine clusters and (if h-naming wants it)
 * assignment share one rule. Chosen on identity-disjoint halves of dev + hard/* (see the people README).
 */

/**
 * At or above this quality the full threshold applies (dev's faces: median 0.89, 10th percentile 0.75).
 * Chosen with QUALITY_SLOPE on one seeded identity-disjoint half of each of dev, hard/lag_aging,
 * hard/fiw_kinship, hard/att_orl_faces (grid 0.80-0.95 x 0.5-1.0): the best mean BCubed F1 among the rules
 * keeping precision >= 0.99 on every tuning half (a margin: 0.97 picked (0.90, 0.5), which fell to 0.946 on
 * all of fiw_kinship). On the other halves: P 1.000 / 0.995 / 0.961 / 1.000, dev F1 0.973.
 */
export const FULL_TRUST_QUALITY = 0.95;

/** Threshold lost per unit of quality below FULL_TRUST_QUALITY (relative). */
export const QUALITY_SLOPE = 0.5;

/** The scale never goes below this: very poor faces still join an almost identical face. */
export const MIN_QUALITY_SCALE = 0.6;

/** Factor in [MIN_QUALITY_SCALE, 1] applied to a distance threshold for faces of (mean) quality `q`. */
export function qualityScale(q: number): number {
  if (!Number.isFinite(q)) return MIN_QUALITY_SCALE;
  return Math.min(1, Math.max(MIN_QUALITY_SCALE, 1 - QUALITY_SLOPE * (FULL_TRUST_QUALITY - q)));
}

/** The distance threshold for a decision about faces whose mean quality is `q`. */
export function qualityAwareThreshold(threshold: number, q: number): number {
  return threshold * qualityScale(q);
}
