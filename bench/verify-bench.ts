/**
 * Verification figures for 10k labelled faces (1000 identities x 10, synthetic 128-D unit vectors with identity
 * structure whose same/different distributions overlap like real descriptors: VAL@1e-3 about 0.96; 45k same
 * pairs, ~50M different pairs): the default sampled path against the exact path, in time, memory and agreement.
 */
import { kFoldAccuracy } from '../core/verify/kfold';
import { auc, bestAccuracy, operatingPointAtFar, valFar } from '../core/verify/metrics';
import { pairStats, type PairStats, type PairStatsOptions } from '../core/verify/pair-stats';
import { syntheticFaces } from '../core/verify/synthetic-faces';

/** Wall and CPU seconds: on a shared machine the CPU time is the figure that does not depend on the neighbours. */
function timed<T>(f: () => T): { value: T; seconds: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function figures(label: string, vectors: Float32Array, labels: Int32Array, opts: PairStatsOptions) {
  const rssBefore = process.memoryUsage().rss;
  const stats = timed(() => pairStats(vectors, labels, opts));
  const s: PairStats = stats.value;
  const rest = timed(() => ({
    auc: auc(s),
    best: bestAccuracy(s),
    at3: operatingPointAtFar(s, 1e-3),
    at2: operatingPointAtFar(s, 1e-2),
    kfold: kFoldAccuracy(s, { k: 10 }),
  }));
  const r = rest.value;
  const rssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  console.log(
    `  ${label.padEnd(8)} pairs examined ${s.same.length} same + ${s.diff.length} diff; ` +
      `pairStats ${stats.seconds.toFixed(2)} s (CPU ${stats.cpu.toFixed(2)} s), ` +
      `figures (AUC, best, FAR points, 10-fold) ${rest.seconds.toFixed(2)} s (CPU ${rest.cpu.toFixed(2)} s), ` +
      `+${rssMb.toFixed(0)} MB RSS`,
  );
  console.log(
    `           AUC ${r.auc.toFixed(6)}  best acc ${r.best.accuracy.toFixed(6)} @ ${r.best.threshold.toFixed(4)}  ` +
      `10-fold ${r.kfold.mean.toFixed(6)}  VAL@1e-3 ${r.at3.val.toFixed(4)} @ ${r.at3.threshold.toFixed(4)} ` +
      `(FAR ${r.at3.far.toExponential(2)}, 95% [${r.at3.farInterval.lo.toExponential(2)}, ${r.at3.farInterval.hi.toExponential(2)}])  ` +
      `VAL@1e-2 ${r.at2.val.toFixed(4)}  FAR bound ±${s.errorBound.far.toExponential(2)}`,
  );
  return { stats: s, seconds: stats.seconds + rest.seconds, cpu: stats.cpu + rest.cpu };
}

export async function run(): Promise<void> {
  const { vectors, labels } = syntheticFaces({ identities: 1000, perIdentity: 10, spread: 0.045, shared: 1.8 });
  console.log('verify: 10,000 labelled faces (1000 identities x 10, 128-D), single thread');
  const sampled = figures('sampled', vectors, labels, {});
  const exact = figures('exact', vectors, labels, { maxDiffPairs: Infinity });
  // How far the sampled FAR is from the exact one at the sampled threshold: the bound's claim, checked.
  const t = operatingPointAtFar(sampled.stats, 1e-3).threshold;
  const { far } = valFar(exact.stats, t);
  console.log(
    `  exact FAR at the sampled 1e-3 threshold: ${far.toExponential(3)}; ` +
      `sampled path ${(exact.cpu / sampled.cpu).toFixed(1)}x less CPU than exact`,
  );
}

if (require.main === module) void run();
