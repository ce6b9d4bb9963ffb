/**
 * Clustering at scale: 100k synthetic faces (unit 128-D vectors around 5k identities of skewed sizes, with
 * face-like spread: same-person pairs ~0.3-0.6 apart, different people ~0.5-0.9, plus 10% noise faces that belong to
 * nobody). Reports k-NN graph time (usearch HNSW vs blocked exact search, the latter on a subset and
 * extrapolated, quadratic), clustering time, peak memory and BCubed F1 of the default algorithm.
 */
import { exactKnn, approximateKnn } from '../core/people/knn-graph';
import { clusterWithGraph } from '../core/people/cluster/index';
import { scoreClustering } from '../core/people/cluster-metrics';
import { CLUSTER_THRESHOLD_RATIO, DEFAULT_ALGORITHM } from '../core/people/defaults';
import { bestAccuracy, pairStats } from '../core/verify/index';
import { exactSearch, MetricKind } from 'usearch';
import { updatePeopleAfterScan } from '../core/people/after-scan';
import { fixtureDb } from '../core/people/testing/fixture-db';
import { updatePeople } from '../core/people/update-people';

const DIM = 128;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function syntheticFaces(total: number, identities: number, noiseShare: number, seed = 1) {
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const unitInto = (v: Float32Array, off: number, src: Float64Array) => {
    let s = 0;
    for (const x of src) s += x * x;
    const n = Math.sqrt(s);
    for (let t = 0; t < DIM; t++) v[off + t] = src[t] / n;
  };
  // Face descriptors share a common direction, and people come in look-alike families, so different people
  // sit ~0.5-0.9 apart rather than sqrt(2); 10% of faces (bad pose, blur) lie twice as far from their centre.
  const mean = Float64Array.from({ length: DIM }, gauss);
  const meanNorm = Math.hypot(...mean);
  const families = Array.from({ length: Math.max(1, Math.round(identities / 10)) }, () =>
    Float64Array.from({ length: DIM }, () => gauss() / Math.sqrt(DIM)),
  );
  const centre = (out: Float64Array) => {
    const fam = families[Math.floor(r() * families.length)];
    for (let t = 0; t < DIM; t++)
      out[t] = (1.45 * mean[t]) / meanNorm + 0.75 * fam[t] + (0.55 * gauss()) / Math.sqrt(DIM);
    return out;
  };
  const noise = Math.round(total * noiseShare);
  const clustered = total - noise;
  // Zipf-like sizes: a few people with hundreds of photos, many with a handful (at least 2 each).
  const weights = Array.from({ length: identities }, (_, i) => 1 / Math.pow(i + 1, 0.8));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(2, Math.floor((w / wsum) * clustered)));
  let excess = sizes.reduce((a, b) => a + b, 0) - clustered;
  for (let i = 0; excess !== 0; i = (i + 1) % identities) {
    if (excess > 0 && sizes[i] > 2) {
      sizes[i]--;
      excess--;
    } else if (excess < 0) {
      sizes[i]++;
      excess++;
    }
  }
  const vectors = new Float32Array(total * DIM);
  const truth = new Int32Array(total);
  const buf = new Float64Array(DIM);
  const c = new Float64Array(DIM);
  const cu = new Float32Array(DIM);
  let row = 0;
  sizes.forEach((size, id) => {
    unitInto(cu, 0, centre(c));
    const spread = 0.2 + 0.1 * r(); // distance of a face from its person's centre
    for (let m = 0; m < size; m++, row++) {
      const f = r() < 0.1 ? 2 * spread : spread;
      for (let t = 0; t < DIM; t++) buf[t] = cu[t] + (f * gauss()) / Math.sqrt(DIM);
      unitInto(vectors, row * DIM, buf);
      truth[row] = id;
    }
  });
  for (let id = identities; row < total; row++, id++) {
    unitInto(vectors, row * DIM, centre(c));
    truth[row] = id;
  }
  return { vectors, truth };
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export async function run(): Promise<void> {
  const total = Number(process.env.FACET_BENCH_FACES ?? 100_000);
  const identities = Math.round(total / 20);
  const k = Number(process.env.FACET_BENCH_K ?? 16);
  let t = performance.now();
  const { vectors, truth } = syntheticFaces(total, identities, 0.1);
  console.log(
    `${total} faces, ${identities} identities + 10% noise faces; made in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  // The app's rule: ratio x the calibrated match threshold (here calibrated on 3000 random faces, as `facet threshold` would).
  const calib = 3000;
  const pick = rng(99);
  const sample = Array.from({ length: calib }, () => Math.floor(pick() * total));
  const sv = new Float32Array(calib * DIM);
  sample.forEach((row, i) => sv.set(vectors.subarray(row * DIM, (row + 1) * DIM), i * DIM));
  const verifyT = bestAccuracy(
    pairStats(
      sv,
      Int32Array.from(sample, (row) => truth[row]),
    ),
  ).threshold;
  const threshold = CLUSTER_THRESHOLD_RATIO * verifyT;
  console.log(
    `match threshold calibrated on ${calib} random faces: ${verifyT.toFixed(3)}; clustering threshold ${threshold.toFixed(3)}`,
  );
  const cpu0 = process.cpuUsage();

  t = performance.now();
  let c0 = process.cpuUsage();
  const graph = approximateKnn(vectors, DIM, k);
  const knnS = (performance.now() - t) / 1000;
  const knnCpu = cpuSeconds(process.cpuUsage(c0));
  t = performance.now();
  c0 = process.cpuUsage();
  const labels = clusterWithGraph(vectors, DIM, graph, { algorithm: DEFAULT_ALGORITHM, threshold, minClusterSize: 3 });
  const clusterS = (performance.now() - t) / 1000;
  const clusterCpu = cpuSeconds(process.cpuUsage(c0));
  const s = scoreClustering(truth, labels);
  console.log(
    `usearch k-NN (k=${k}): ${knnS.toFixed(1)} s; ${DEFAULT_ALGORITHM} linkage at ${threshold.toFixed(3)}: ${clusterS.toFixed(1)} s; ` +
      `total ${(knnS + clusterS).toFixed(1)} s wall; CPU time k-NN ${knnCpu.toFixed(1)} s (all threads), clustering ${clusterCpu.toFixed(1)} s`,
  );
  console.log(
    `BCubed P ${s.bcubedPrecision.toFixed(3)} R ${s.bcubedRecall.toFixed(3)} F1 ${s.bcubedF1.toFixed(3)}; pairwise F1 ` +
      `${s.pairwiseF1.toFixed(3)}; ${s.clusters - s.unclustered} clusters + ${s.unclustered} Unsorted for ${identities} identities`,
  );
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `CPU time (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (whole process)`,
  );

  // Blocked exact search in JS is O(n²): time it on a spread-out subset and compare recall with usearch there.
  const sub = Number(process.env.FACET_BENCH_EXACT ?? 10_000);
  // a random subset, so that it holds many identities as the full set does
  const rows = Array.from({ length: sub }, (_, i) => Math.floor((i * total) / sub));
  const subset = new Float32Array(sub * DIM);
  rows.forEach((row, i) => subset.set(vectors.subarray(row * DIM, (row + 1) * DIM), i * DIM));
  t = performance.now();
  const exact = exactKnn(subset, DIM, k);
  const exactS = (performance.now() - t) / 1000;
  t = performance.now();
  const approx = approximateKnn(subset, DIM, k);
  const approxS = (performance.now() - t) / 1000;
  t = performance.now();
  exactSearch(subset, subset, DIM, k + 1, MetricKind.L2sq, 0);
  const nativeS = (performance.now() - t) / 1000;
  let hits = 0;
  for (let i = 0; i < sub; i++) {
    const want = new Set(exact.indices.subarray(i * k, (i + 1) * k));
    for (const j of approx.indices.subarray(i * k, (i + 1) * k)) if (want.has(j)) hits++;
  }
  const exactLabels = clusterWithGraph(subset, DIM, exact, {
    algorithm: DEFAULT_ALGORITHM,
    threshold,
    minClusterSize: 3,
  });
  const approxLabels = clusterWithGraph(subset, DIM, approx, {
    algorithm: DEFAULT_ALGORITHM,
    threshold,
    minClusterSize: 3,
  });
  const subTruth = Int32Array.from(rows, (row) => truth[row]);
  console.log(
    `on ${sub} faces: exact blocked k-NN ${exactS.toFixed(1)} s (x${((total / sub) ** 2).toFixed(0)} => ~${(exactS * (total / sub) ** 2).toFixed(0)} s ` +
      `for ${total}), usearch native exactSearch ${nativeS.toFixed(1)} s (=> ~${(nativeS * (total / sub) ** 2).toFixed(0)} s), usearch HNSW ${approxS.toFixed(1)} s, usearch recall@${k} ${(hits / (sub * k)).toFixed(4)}; ` +
      `F1 exact graph ${scoreClustering(subTruth, exactLabels).bcubedF1.toFixed(4)} vs usearch graph ${scoreClustering(subTruth, approxLabels).bcubedF1.toFixed(4)}`,
  );

  // Through the database: a forced re-cluster of a library (`facet cluster --force`: the face table read, k-NN
  // graph, linkage, leftovers' joins, people written), then one scan batch of 50 new faces after it. Issue 17's
  // target: under 20 s at 100k faces on two cores.
  const libSize = Number(process.env.FACET_BENCH_DB_FACES ?? 100_000);
  const lib = syntheticFaces(libSize + 50, Math.round(libSize / 20), 0.1, 7);
  const order = Array.from({ length: libSize + 50 }, (_, i) => i).sort(
    (a, b) => ((a * 7919) % 10007) - ((b * 7919) % 10007),
  );
  const fx = fixtureDb();
  fx.db.exec('BEGIN');
  // face qualities spread over 0.5-1, so the quality-aware linkage and joins do their real work
  const quality = (row: number) => 0.5 + (0.5 * ((row * 7919) % 1000)) / 1000;
  for (const row of order.slice(0, libSize))
    fx.face(lib.vectors.subarray(row * DIM, (row + 1) * DIM), { quality: quality(row) });
  fx.db.exec('COMMIT');
  t = performance.now();
  c0 = process.cpuUsage();
  const forced = updatePeople(fx.db, { force: true, threshold });
  const forceS = (performance.now() - t) / 1000;
  const forceCpu = cpuSeconds(process.cpuUsage(c0));
  const placed = fx.db.prepare('SELECT person_id FROM faces ORDER BY id').all() as { person_id: number | null }[];
  const dbScore = scoreClustering(
    Int32Array.from(order.slice(0, libSize), (row) => lib.truth[row]), // faces were stored in this order
    Int32Array.from(placed, (r) => r.person_id ?? -1),
  );
  for (const row of order.slice(libSize))
    fx.face(lib.vectors.subarray(row * DIM, (row + 1) * DIM), { quality: quality(row) });
  t = performance.now();
  const batch = updatePeopleAfterScan(fx.db);
  const batchS = (performance.now() - t) / 1000;
  console.log(
    `library of ${libSize} faces in SQLite: forced re-cluster ${forceS.toFixed(1)} s wall, ${forceCpu.toFixed(1)} s CPU ` +
      `(${forced.newPeople} people, BCubed F1 ${dbScore.bcubedF1.toFixed(3)}); ` +
      `after-scan of a 50-face batch ${batchS.toFixed(2)} s (${batch.assigned} joined people, ${batch.clustered} clustered)`,
  );
  fx.db.close();
}
