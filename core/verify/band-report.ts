/**
 * Verification per face-quality band, at the threshold the product ships: of the pairs whose lower-quality face
 * falls in a band, how many same-person pairs are accepted (recall, VAL), how many different-person pairs are
 * accepted (FAR), and the precision of the accepted pairs. Precision and recall separately, because a mixed
 * person (a false accept) costs the user far more than an unsorted face.
 */
import { DESCRIPTOR_SIZE } from '../vision/types';
import { qualityAwareThreshold } from './quality-scale';
import { bandLabel, bandOf, QUALITY_BANDS, type QualityBand } from './quality-bands';

export interface BandPairFigures {
  readonly band: QualityBand;
  readonly samePairs: number;
  readonly diffPairs: number;
  /** Same-person pairs accepted / same-person pairs (VAL). null without same pairs. */
  readonly recall: number | null;
  /** Different-person pairs accepted / different pairs (FAR). */
  readonly far: number | null;
  /** Same-person pairs among accepted pairs. null when nothing is accepted. */
  readonly precision: number | null;
}

export interface BandFace {
  readonly identity: string;
  readonly descriptor: Float32Array;
  readonly quality: number;
}

/** Faces beyond this are subsampled (seeded) so all pairs stay a few seconds of work. */
export const MAX_BAND_FACES = 6000;

/**
 * Every pair (up to MAX_BAND_FACES faces) accepted when its distance is <= `thresholdOf(minQuality, meanQuality)`:
 * pass a constant for one threshold, or a quality-aware rule.
 */
export function pairFiguresByBand(
  faces: readonly BandFace[],
  thresholdOf: (minQuality: number, meanQuality: number) => number,
): { readonly bands: BandPairFigures[]; readonly sampledFaces: number | null } {
  let use = faces;
  let sampledFaces: number | null = null;
  if (faces.length > MAX_BAND_FACES) {
    let seed = 12345;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    use = faces
      .map((f) => [rnd(), f] as const)
      .sort((a, b) => a[0] - b[0])
      .slice(0, MAX_BAND_FACES)
      .map(([, f]) => f);
    sampledFaces = MAX_BAND_FACES;
  }
  const D = DESCRIPTOR_SIZE;
  const counts = new Map<QualityBand, { same: number; diff: number; sameIn: number; diffIn: number }>(
    QUALITY_BANDS.map((b) => [b.name, { same: 0, diff: 0, sameIn: 0, diffIn: 0 }]),
  );
  for (let i = 0; i < use.length; i++) {
    const a = use[i].descriptor;
    for (let j = i + 1; j < use.length; j++) {
      const b = use[j].descriptor;
      let s = 0;
      for (let t = 0; t < D; t++) {
        const d = a[t] - b[t];
        s += d * d;
      }
      const qMin = Math.min(use[i].quality, use[j].quality);
      const accepted = Math.sqrt(s) <= thresholdOf(qMin, (use[i].quality + use[j].quality) / 2);
      const c = counts.get(bandOf(qMin))!;
      if (use[i].identity === use[j].identity) {
        c.same++;
        if (accepted) c.sameIn++;
      } else {
        c.diff++;
        if (accepted) c.diffIn++;
      }
    }
  }
  const bands = QUALITY_BANDS.map(({ name }) => {
    const c = counts.get(name)!;
    return {
      band: name,
      samePairs: c.same,
      diffPairs: c.diff,
      recall: c.same ? c.sameIn / c.same : null,
      far: c.diff ? c.diffIn / c.diff : null,
      precision: c.sameIn + c.diffIn ? c.sameIn / (c.sameIn + c.diffIn) : null,
    };
  }).filter((b) => b.samePairs + b.diffPairs > 0);
  return { bands, sampledFaces };
}

export interface QualityBandFigures {
  /** The match threshold in force (the app's). */
  readonly threshold: number;
  /** Faces used when the set was subsampled, else null (all pairs). */
  readonly sampledFaces: number | null;
  /** Every pair judged at `threshold`. */
  readonly atThreshold: BandPairFigures[];
  /** Every pair judged at the quality-aware threshold (the clustering rule: threshold x qualityScale(mean)). */
  readonly qualityAware: BandPairFigures[];
}

/** Both readings of a labelled set per quality band: the plain match threshold and the quality-aware one. */
export function bandFigures(faces: readonly BandFace[], threshold: number): QualityBandFigures {
  const plain = pairFiguresByBand(faces, () => threshold);
  const aware = pairFiguresByBand(faces, (_min, mean) => qualityAwareThreshold(threshold, mean));
  return {
    threshold,
    sampledFaces: plain.sampledFaces,
    atThreshold: plain.bands,
    qualityAware: aware.bands,
  };
}

const pc = (x: number | null, digits = 1) => (x === null ? '  n/a' : `${(100 * x).toFixed(digits)}%`);

export function formatBandFigures(f: QualityBandFigures): string {
  const lines = [
    `per face-quality band (pairs by their lower-quality face; threshold ${f.threshold.toFixed(3)}, and quality-aware)` +
      (f.sampledFaces ? `, ${f.sampledFaces} faces sampled:` : ':'),
  ];
  f.atThreshold.forEach((b, i) => {
    const q = f.qualityAware[i];
    lines.push(
      `  ${bandLabel(b.band).padEnd(19)} pairs ${b.samePairs} same / ${b.diffPairs} different: ` +
        `precision ${pc(b.precision)} recall ${pc(b.recall)} FAR ${pc(b.far, 3)}; ` +
        `quality-aware precision ${pc(q.precision)} recall ${pc(q.recall)} FAR ${pc(q.far, 3)}`,
    );
  });
  return lines.join('\n');
}
