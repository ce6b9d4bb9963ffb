/**
 * `facet eval cluster <labeled-root>`: clusters the largest face of each photo of a labelled folder and scores
 * it against the folder names (BCubed precision/recall/F1, pairwise F1, clusters vs identities); --sweep and
 * --transfer show how the threshold behaves and whether it transfers to identities it was not tuned on.
 */
import path from 'node:path';
import { ALGORITHMS, type ClusterAlgorithm } from '../../people/cluster/index';
import { clusterThreshold } from '../../people/cluster-threshold';
import { matchThresholdSchema } from '../../space/thresholds';
import { DEFAULT_ALGORITHM, MIN_CLUSTER_SIZE } from '../../people/defaults';
import { evaluateClustering, sweep, THRESHOLD_GRID, transferAcrossIdentities } from '../../people/eval-cluster';
import { evalDbPath, evalGroup } from './eval-verify';
import type { RegisterCommand } from './index';
import { bandLabel } from '../../verify/quality-bands';
import { labeledFacesWithProgress, openLibraryOrReport } from '../open-library';

interface Opts {
  db?: string;
  json?: boolean;
  algorithm?: string;
  threshold?: string;
  minSize: string;
  minPoints: string;
  sweep?: boolean;
  transfer?: boolean;
  quality: boolean;
}

const f3 = (x: number) => x.toFixed(3);

export const registerEvalCluster: RegisterCommand = (program, setExitCode) => {
  evalGroup(program)
    .command('cluster')
    .description(
      'cluster the largest face of each photo of <labeled-root>/<person>/* and score it against the folder names',
    )
    .argument('<labeled-root>', 'folder with one sub-folder of photos per person')
    .option('--db <file>', 'database to scan into (default: a cache for this folder in the temp dir, not your library)')
    .option('--json', 'print one JSON object')
    .option('--algorithm <name>', `${ALGORITHMS.join(' | ')} (default ${DEFAULT_ALGORITHM})`)
    .option('--threshold <d>', 'distance threshold (default: the app rule, ratio x the match threshold)')
    .option('--min-size <n>', 'smaller clusters count as Unsorted singletons, as in the app', String(MIN_CLUSTER_SIZE))
    .option('--min-points <n>', 'DBSCAN: neighbourhood size of a core point', '3')
    .option('--sweep', 'also print F1 over thresholds 0.30..0.70 for every algorithm')
    .option('--transfer', 'also cross-validate over disjoint halves of the identities (10 splits)')
    .option('--no-quality', 'one threshold for every face (the rule before quality-aware clustering)')
    .action(async (root: string, opts: Opts) => {
      const algorithm = (opts.algorithm ?? DEFAULT_ALGORITHM) as ClusterAlgorithm;
      if (!ALGORITHMS.includes(algorithm)) {
        console.error(`facet: --algorithm must be one of ${ALGORITHMS.join(', ')}`);
        return setExitCode(2);
      }
      const minClusterSize = Number(opts.minSize);
      const minPoints = Number(opts.minPoints);
      const given = opts.threshold === undefined ? undefined : Number(opts.threshold);
      if (
        !(Number.isInteger(minClusterSize) && minClusterSize >= 1) ||
        !(Number.isInteger(minPoints) && minPoints >= 1)
      ) {
        console.error('facet: --min-size and --min-points must be whole numbers >= 1');
        return setExitCode(2);
      }
      if (given !== undefined && !matchThresholdSchema.safeParse(given).success) {
        console.error('facet: --threshold must be a distance in (0, 2]');
        return setExitCode(2);
      }
      const db = openLibraryOrReport(opts.db ? path.resolve(opts.db) : evalDbPath(root), setExitCode);
      if (!db) return;
      try {
        const faces = await labeledFacesWithProgress(db, root);
        if (!faces.length) throw new Error(`no faces found under ${root}/<person>/`);
        const threshold = given ?? clusterThreshold(db);
        const base = { minClusterSize, minPoints, qualityAware: opts.quality };
        const { item, bands, ...scores } = evaluateClustering(faces, { ...base, algorithm, threshold });
        void item;
        const sweeps = opts.sweep
          ? ALGORITHMS.map((a) => ({ algorithm: a, points: sweep(faces, { ...base, algorithm: a }, THRESHOLD_GRID) }))
          : undefined;
        const transfer = opts.transfer
          ? ALGORITHMS.map((a) => transferAcrossIdentities(faces, { ...base, algorithm: a }))
          : undefined;
        if (opts.json) {
          console.log(
            JSON.stringify({
              faces: faces.length,
              algorithm,
              threshold,
              qualityAware: opts.quality,
              minClusterSize,
              ...scores,
              bands,
              sweeps,
              transfer,
            }),
          );
          return;
        }
        console.log(
          [
            `${faces.length} faces, ${scores.identities} identities; ` +
              `${algorithm === 'dbscan' ? `DBSCAN (min points ${minPoints})` : `${algorithm} linkage`} at threshold ${f3(threshold)}` +
              (opts.quality ? ' (quality-aware: lower for low-quality faces)' : ' (one threshold for every face)') +
              (minClusterSize > 1 ? `; clusters of fewer than ${minClusterSize} faces stay Unsorted` : ''),
            `BCubed   precision ${f3(scores.bcubedPrecision)}  recall ${f3(scores.bcubedRecall)}  F1 ${f3(scores.bcubedF1)}`,
            `pairwise precision ${f3(scores.pairwisePrecision)}  recall ${f3(scores.pairwiseRecall)}  F1 ${f3(scores.pairwiseF1)}`,
            `${scores.clusters - scores.unclustered} clusters + ${scores.unclustered} Unsorted faces for ${scores.identities} identities`,
            ...bands.map(
              (b) =>
                `  quality ${bandLabel(b.band).padEnd(19)} ${String(b.faces).padStart(5)} faces: BCubed precision ` +
                `${f3(b.bcubedPrecision)}  recall ${f3(b.bcubedRecall)}  (${b.unsorted} Unsorted)`,
            ),
          ].join('\n'),
        );
        for (const s of sweeps ?? []) {
          const best = s.points.reduce((x, y) => (y.bcubedF1 > x.bcubedF1 ? y : x));
          console.log(
            `sweep ${s.algorithm.padEnd(8)} best F1 ${f3(best.bcubedF1)} at ${best.threshold}: ` +
              s.points.map((p) => `${p.threshold}:${p.bcubedF1.toFixed(2)}`).join(' '),
          );
        }
        for (const t of transfer ?? [])
          console.log(
            `transfer ${t.algorithm.padEnd(8)} (${t.splits} splits of the identities in halves) tuned on one half -> other half ` +
              `F1 mean ${f3(t.tunedMeanF1)} min ${f3(t.tunedMinF1)}; rule (ratio x verification threshold) mean ${f3(t.ruleMeanF1)} ` +
              `min ${f3(t.ruleMinF1)}; best possible mean ${f3(t.oracleMeanF1)}`,
          );
      } catch (err) {
        console.error(`facet: ${(err as Error).message}`);
        setExitCode(1);
      } finally {
        db.close();
      }
    });
};
