/**
 * `npm run bench -- naming`: how often strangers get named (FPIR) as the number of named faces grows, at the old
 * rule (k-NN at a fixed pair threshold) and at the rule calibrated for a target FPIR (core/people/naming-rule.ts).
 *
 * Synthetic galleries (scale only, never an accuracy claim): identities are unit vectors with a 16-D latent
 * structure (so that impostor distances spread as real ones do, some pairs of people being look-alikes), four faces
 * per named person; 2,000 strangers drawn the same way, and 2,000 new faces of named people (recall).
 */
import { applyNamingRule } from '../core/people/assignment';
import { KNN_K } from '../core/people/defaults';
import { gauss, rng } from '../core/people/testing/fixture-db';
import { calibrateNaming, DEFAULT_TARGET_FPIR } from '../core/people/naming-rule';
import { DEFAULT_MATCH_THRESHOLD } from '../core/space/thresholds';
import { DESCRIPTOR_SIZE } from '../core/vision/types';

const DIM = DESCRIPTOR_SIZE;
const LATENT = 16;
const FACES_PER_PERSON = 4;
const PROBES = 2000;

function normalise(v: Float32Array, at: number): void {
  let s = 0;
  for (let t = 0; t < DIM; t++) s += v[at + t] ** 2;
  const n = Math.sqrt(s);
  for (let t = 0; t < DIM; t++) v[at + t] /= n;
}

class Population {
  private readonly basis: Float32Array;
  private readonly base: Float32Array;
  constructor(private readonly r: () => number) {
    this.basis = Float32Array.from({ length: DIM * LATENT }, () => gauss(r) / Math.sqrt(DIM));
    this.base = Float32Array.from({ length: DIM }, () => gauss(r) / Math.sqrt(DIM));
  }
  /** A new identity's centre: base + 0.17 × (a latent-space draw), on the unit sphere. */
  identity(): Float32Array {
    const g = Float32Array.from({ length: LATENT }, () => gauss(this.r));
    const c = new Float32Array(DIM);
    for (let t = 0; t < DIM; t++) {
      let x = this.base[t];
      for (let l = 0; l < LATENT; l++) x += 0.17 * this.basis[t * LATENT + l] * g[l];
      c[t] = x;
    }
    normalise(c, 0);
    return c;
  }
  /** A face of an identity: its centre plus isotropic noise (same-person distances about 0.3). */
  face(centre: Float32Array, out: Float32Array, at: number): void {
    for (let t = 0; t < DIM; t++) out[at + t] = centre[t] + (0.22 * gauss(this.r)) / Math.sqrt(DIM);
    normalise(out, at);
  }
}

interface Row {
  faces: number;
  rule: string;
  threshold: number;
  ratio: number;
  fpir: number;
  recall: number;
  seconds: number;
}

function measure(size: number, seed: number): Row[] {
  const r = rng(seed);
  const pop = new Population(r);
  const people = Math.max(2, Math.round(size / FACES_PER_PERSON));
  const centres = Array.from({ length: people }, () => pop.identity());
  const refs = new Float32Array(people * FACES_PER_PERSON * DIM);
  const refPersons = new Int32Array(people * FACES_PER_PERSON);
  for (let p = 0, i = 0; p < people; p++)
    for (let f = 0; f < FACES_PER_PERSON; f++, i++) {
      pop.face(centres[p], refs, i * DIM);
      refPersons[i] = p;
    }
  const strangers = new Float32Array(PROBES * DIM);
  for (let i = 0; i < PROBES; i++) pop.face(pop.identity(), strangers, i * DIM);
  const mates = new Float32Array(PROBES * DIM);
  const mateOf = new Int32Array(PROBES);
  for (let i = 0; i < PROBES; i++) {
    mateOf[i] = Math.floor(r() * people);
    pop.face(centres[mateOf[i]], mates, i * DIM);
  }
  const rows: Row[] = [];
  const t0 = performance.now();
  const cal = calibrateNaming(refs, refPersons, DIM, { pairThreshold: DEFAULT_MATCH_THRESHOLD });
  const calSeconds = (performance.now() - t0) / 1000;
  for (const [rule, threshold, ratio] of [
    ['pair (old)', DEFAULT_MATCH_THRESHOLD, Infinity],
    [`calibrated (FPIR ${DEFAULT_TARGET_FPIR})`, cal.threshold, cal.ratio],
  ] as const) {
    const t = performance.now();
    const common = { refVectors: refs, refPersons, threshold, ratio, k: KNN_K };
    const s = applyNamingRule({ ...common, queries: strangers }).persons;
    const m = applyNamingRule({ ...common, queries: mates }).persons;
    rows.push({
      faces: refPersons.length,
      rule,
      threshold,
      ratio,
      fpir: s.filter((p) => p >= 0).length / PROBES,
      recall: m.filter((p, i) => p === mateOf[i]).length / PROBES,
      seconds: (performance.now() - t) / 1000 + (rule.startsWith('calibrated') ? calSeconds : 0),
    });
  }
  return rows;
}

export async function run(): Promise<void> {
  const sizes = (process.env.NAMING_BENCH_SIZES ?? '100,1000,10000,100000').split(',').map(Number);
  console.log('named faces | rule | threshold | ratio | strangers named (FPIR) | recall | seconds');
  for (const size of sizes)
    for (const row of measure(size, 11)) {
      console.log(
        [
          row.faces,
          row.rule,
          row.threshold.toFixed(3),
          Number.isFinite(row.ratio) ? row.ratio.toFixed(3) : '-',
          `${(100 * row.fpir).toFixed(2)}%`,
          row.recall.toFixed(3),
          row.seconds.toFixed(1),
        ].join(' | '),
      );
    }
}
