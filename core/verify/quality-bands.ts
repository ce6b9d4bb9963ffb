/**
 * Face-quality bands for reports (faces.quality: size, sharpness, frontalness). Limits follow the scanned sets:
 * hard/lag_aging's faces have median quality 0.56, att_orl_faces 0.60, fiw_kinship 0.68, dev 0.89, so each band
 * holds a kind of library rather than a sliver of one.
 */
export const QUALITY_BANDS = [
  { name: 'low', min: 0, max: 0.5 },
  { name: 'medium', min: 0.5, max: 0.7 },
  { name: 'good', min: 0.7, max: 0.85 },
  { name: 'high', min: 0.85, max: Infinity },
] as const;

export type QualityBand = (typeof QUALITY_BANDS)[number]['name'];

export function bandOf(quality: number): QualityBand {
  for (const b of QUALITY_BANDS) if (quality < b.max) return b.name;
  return 'high';
}

/** "low (< 0.50)" etc., for terminal output. */
export function bandLabel(name: QualityBand): string {
  const b = QUALITY_BANDS.find((x) => x.name === name)!;
  return b.max === Infinity
    ? `${b.name} (>= ${b.min.toFixed(2)})`
    : `${b.name} (${b.min.toFixed(2)}-${b.max.toFixed(2)})`;
}
