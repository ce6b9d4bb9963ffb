/**
 * `facet eval cluster`: how well clustering recovers the identities of a labelled folder (largest face of each
 * photo, truth = folder name), and whether the threshold rule transfers to identities it was not tuned on.
 */
import { bestAccuracy, pairStats } from '../verify/index';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { ALGORITHMS, buildGraph, clusterWithGraph, type ClusterAlgorithm } from './cluster/index';
import { scoreClustering, scoresByBand, type BandScores, type ClusterScores } from './cluster-metrics';
import { CLUSTER_THRESHOLD_RATIO } from './defaults';

const DIM = DESCRIPTOR_SIZE;

export interface EvalFace {
  readonly identity: string;
  readonly photoId: number;
  readonly descriptor: Float32Array;
  /** faces.quality; when every face has one, clustering is quality-aware as in the app, and scores come per band. */
  readonly quality?: number;
}

export interface EvalSettings {
  readonly algorithm: ClusterAlgorithm;
  readonly threshold: number;
  readonly minClusterSize: number;
  /** DBSCAN only. */
  readonly minPoints?: number;
  /** false: one threshold for every face (the rule before quality-aware clustering), for comparison. */
  readonly qualityAware?: boolean;
}

/** The faces' qualities when clustering should use them (all known, not switched off). */
function qualitiesOf(faces: readonly EvalFace[], settings: { qualityAware?: boolean }): Float32Array | undefined {
  if (settings.qualityAware === false || !faces.every((f) => f.quality !== undefined)) return undefined;
  return Float32Array.from(faces, (f) => f.quality!);
}

function vectorsOf(faces: readonly EvalFace[]): Float32Array {
  const v = new Float32Array(faces.length * DIM);
  faces.forEach((f, i) => v.set(f.descriptor, i * DIM));
  return v;
}

/** The scores without the per-item arrays (what reports and JSON carry). */
export function withoutItems(scores: ClusterScores): Omit<ClusterScores, 'item'> {
  const { item, ...rest } = scores;
  void item;
  return rest;
}

export interface EvalScores extends ClusterScores {
  /** Precision and recall of the faces of each quality band; empty when the faces carry no quality. */
  readonly bands: BandScores[];
}

/** Clusters the faces with `settings` and scores the result against the folder names. */
export function evaluateClustering(faces: readonly EvalFace[], settings: EvalSettings): EvalScores {
  const v = vectorsOf(faces);
  const quality = qualitiesOf(faces, settings);
  const labels = faces.length
    ? clusterWithGraph(v, DIM, buildGraph(v, DIM, {}), {
        ...settings,
        groups: Int32Array.from(faces, (f) => f.photoId),
        quality,
      })
    : new Int32Array(0);
  const scores = scoreClustering(
    faces.map((f) => f.identity),
    labels,
  );
  const known = faces.every((f) => f.quality !== undefined);
  return {
    ...scores,
    bands: known
      ? scoresByBand(
          scores,
          labels,
          faces.map((f) => f.quality!),
        )
      : [],
  };
}

/** BCubed F1 at each threshold (graph built once). */
export function sweep(
  faces: readonly EvalFace[],
  settings: Omit<EvalSettings, 'threshold'>,
  thresholds: readonly number[],
) {
  const v = vectorsOf(faces);
  const graph = buildGraph(v, DIM, {});
  const truth = faces.map((f) => f.identity);
  const groups = Int32Array.from(faces, (f) => f.photoId);
  const quality = qualitiesOf(faces, settings);
  return thresholds.map((threshold) => ({
    threshold,
    ...withoutItems(
      scoreClustering(truth, clusterWithGraph(v, DIM, graph, { ...settings, threshold, groups, quality })),
    ),
  }));
}

/** The verification engineer's best-accuracy threshold of a labelled set (what `facet threshold` calibrates). */
export function verificationThreshold(faces: readonly EvalFace[]): number {
  const ids = [...new Set(faces.map((f) => f.identity))];
  return bestAccuracy(
    pairStats(
      vectorsOf(faces),
      Int32Array.from(faces, (f) => ids.indexOf(f.identity)),
    ),
  ).threshold;
}

export const THRESHOLD_GRID = Array.from({ length: 41 }, (_, i) => +(0.3 + i * 0.01).toFixed(2));

export interface TransferResult {
  readonly algorithm: ClusterAlgorithm;
  readonly splits: number;
  /** Threshold tuned on half A, applied to half B. */
  readonly tunedMeanF1: number;
  readonly tunedMinF1: number;
  /** The default rule: ratio × half B's own calibrated (best-accuracy) verification threshold. */
  readonly ruleMeanF1: number;
  readonly ruleMinF1: number;
  /** The best F1 half B could reach at any threshold (the ceiling). */
  readonly oracleMeanF1: number;
}

/**
 * Cross-validation over disjoint halves of the identities: tune on one half, score on the other, `splits`
 * times with seeded shuffles. Shows whether a setting transfers to people it never saw.
 */
export function transferAcrossIdentities(
  faces: readonly EvalFace[],
  settings: Omit<EvalSettings, 'threshold'>,
  opts: { splits?: number; seed?: number } = {},
): TransferResult {
  const splits = opts.splits ?? 10;
  let seed = opts.seed ?? 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ids = [...new Set(faces.map((f) => f.identity))].sort();
  const tuned: number[] = [];
  const rule: number[] = [];
  const oracle: number[] = [];
  for (let s = 0; s < splits; s++) {
    const shuffled = ids.map((id) => [rnd(), id] as const).sort((a, b) => a[0] - b[0]);
    const halfA = new Set(shuffled.slice(0, ids.length >> 1).map(([, id]) => id));
    const a = faces.filter((f) => halfA.has(f.identity));
    const b = faces.filter((f) => !halfA.has(f.identity));
    const onA = sweep(a, settings, THRESHOLD_GRID);
    const best = onA.reduce((x, y) => (y.bcubedF1 > x.bcubedF1 ? y : x));
    const onB = sweep(b, settings, THRESHOLD_GRID);
    tuned.push(onB.find((r) => r.threshold === best.threshold)!.bcubedF1);
    oracle.push(Math.max(...onB.map((r) => r.bcubedF1)));
    rule.push(
      evaluateClustering(b, { ...settings, threshold: CLUSTER_THRESHOLD_RATIO * verificationThreshold(b) }).bcubedF1,
    );
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    algorithm: settings.algorithm,
    splits,
    tunedMeanF1: mean(tuned),
    tunedMinF1: Math.min(...tuned),
    ruleMeanF1: mean(rule),
    ruleMinF1: Math.min(...rule),
    oracleMeanF1: mean(oracle),
  };
}

export { ALGORITHMS };
