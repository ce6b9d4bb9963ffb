import { bandOf, QUALITY_BANDS, type QualityBand } from '../verify/quality-bands';

/**
 * External clustering scores against known identities. Unclustered points (label -1) count as singletons,
 * which is how a user sees them: alone in Unsorted.
 */
export interface ClusterScores {
  readonly bcubedPrecision: number;
  readonly bcubedRecall: number;
  readonly bcubedF1: number;
  readonly pairwisePrecision: number;
  readonly pairwiseRecall: number;
  readonly pairwiseF1: number;
  readonly clusters: number;
  readonly identities: number;
  readonly unclustered: number;
  /** Per-item BCubed precision and recall (in input order), for breakdowns such as quality bands. */
  readonly item: { readonly precision: Float64Array; readonly recall: Float64Array };
}

const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
const pairs = (c: number) => (c * (c - 1)) / 2;

export function scoreClustering(truth: ArrayLike<number | string>, predicted: ArrayLike<number>): ClusterScores {
  const n = truth.length;
  if (predicted.length !== n) throw new Error(`truth has ${n} items, prediction ${predicted.length}`);
  const pred: string[] = [];
  let unclustered = 0;
  for (let i = 0; i < n; i++) {
    if (predicted[i] < 0) {
      unclustered++;
      pred.push(`single:${i}`);
    } else pred.push(`c:${predicted[i]}`);
  }
  const cell = new Map<string, number>();
  const clusterSize = new Map<string, number>();
  const classSize = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = String(truth[i]);
    cell.set(`${pred[i]}\u0000${t}`, (cell.get(`${pred[i]}\u0000${t}`) ?? 0) + 1);
    clusterSize.set(pred[i], (clusterSize.get(pred[i]) ?? 0) + 1);
    classSize.set(t, (classSize.get(t) ?? 0) + 1);
  }
  let bp = 0;
  let br = 0;
  const itemP = new Float64Array(n);
  const itemR = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = String(truth[i]);
    const both = cell.get(`${pred[i]}\u0000${t}`)!;
    itemP[i] = both / clusterSize.get(pred[i])!;
    itemR[i] = both / classSize.get(t)!;
    bp += itemP[i];
    br += itemR[i];
  }
  let tp = 0;
  for (const c of cell.values()) tp += pairs(c);
  let predPairs = 0;
  for (const c of clusterSize.values()) predPairs += pairs(c);
  let truePairs = 0;
  for (const c of classSize.values()) truePairs += pairs(c);
  const pp = predPairs ? tp / predPairs : 1;
  const pr = truePairs ? tp / truePairs : 1;
  const bcubedPrecision = n ? bp / n : 1;
  const bcubedRecall = n ? br / n : 1;
  return {
    bcubedPrecision,
    bcubedRecall,
    bcubedF1: f1(bcubedPrecision, bcubedRecall),
    pairwisePrecision: pp,
    pairwiseRecall: pr,
    pairwiseF1: f1(pp, pr),
    clusters: clusterSize.size,
    identities: classSize.size,
    unclustered,
    item: { precision: itemP, recall: itemR },
  };
}

export interface BandScores {
  readonly band: QualityBand;
  readonly faces: number;
  /** Mean BCubed precision / recall of the band's faces (their people and identities count every face). */
  readonly bcubedPrecision: number;
  readonly bcubedRecall: number;
  /** Faces of the band left in Unsorted. */
  readonly unsorted: number;
}

/** BCubed precision and recall of the faces of each quality band (bands without faces are left out). */
export function scoresByBand(
  scores: ClusterScores,
  predicted: ArrayLike<number>,
  quality: ArrayLike<number>,
): BandScores[] {
  return QUALITY_BANDS.flatMap(({ name }) => {
    let faces = 0;
    let p = 0;
    let r = 0;
    let unsorted = 0;
    for (let i = 0; i < quality.length; i++) {
      if (bandOf(quality[i]) !== name) continue;
      faces++;
      p += scores.item.precision[i];
      r += scores.item.recall[i];
      if (predicted[i] < 0) unsorted++;
    }
    return faces ? [{ band: name, faces, bcubedPrecision: p / faces, bcubedRecall: r / faces, unsorted }] : [];
  });
}
