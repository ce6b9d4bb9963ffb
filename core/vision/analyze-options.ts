/**
 * The analyser's options, their defaults and what they accept, in one place: the analyser checks them, and the
 * CLI checks its flags with the same rules before a scan starts (a flag the analyser would refuse used to mark
 * every photo "analysis failed").
 */
export const DEFAULT_MIN_SCORE = 0.5;
export const DEFAULT_MIN_FACE_SIZE = 24;

/** Why these options cannot be used, or null when they can. */
export function analyzeOptionsProblem(o: { readonly minScore: number; readonly minFaceSize: number }): string | null {
  if (!(o.minScore >= 0 && o.minScore < 1)) return `minScore must be in [0, 1), got ${o.minScore}`;
  if (!(o.minFaceSize >= 0 && Number.isFinite(o.minFaceSize)))
    return `minFaceSize must be a number of pixels >= 0, got ${o.minFaceSize}`;
  return null;
}
