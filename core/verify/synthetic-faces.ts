import { createRng } from './rng';

/**
 * Seeded synthetic "faces" with identity structure, for tests and the bench: each identity is a random centre,
 * each face its centre plus Gaussian noise of scale `spread` per component, re-normalised.
 *
 * Without `shared`, centres are random unit vectors (different people ~√2 apart: trivially separable). With
 * `shared` = s, every centre also carries s times one common direction, which pulls people together as real
 * descriptors are (all faces look alike to some degree), and each identity's spread varies by a log-normal
 * factor, so that the same/different distributions overlap in a tail, as real descriptors do.
 */
export function syntheticFaces(opts: {
  identities: number;
  perIdentity: number;
  dim?: number;
  spread?: number;
  shared?: number;
  seed?: number;
}): {
  vectors: Float32Array;
  labels: Int32Array;
} {
  const dim = opts.dim ?? 128;
  const spread = opts.spread ?? 0.04;
  const rng = createRng(opts.seed ?? 7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const n = opts.identities * opts.perIdentity;
  const vectors = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  const centre = new Float64Array(dim);
  const v = new Float64Array(dim);
  const shared = opts.shared ?? 0;
  const common = new Float64Array(dim);
  if (shared > 0) for (let k = 0; k < dim; k++) common[k] = (shared * gauss()) / Math.sqrt(dim);
  for (let id = 0; id < opts.identities; id++) {
    for (let k = 0; k < dim; k++) centre[k] = common[k] + gauss() / Math.sqrt(dim);
    const own = shared > 0 ? spread * Math.exp(0.35 * gauss()) : spread;
    for (let f = 0; f < opts.perIdentity; f++) {
      const i = id * opts.perIdentity + f;
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += (v[k] = centre[k] + own * gauss()) ** 2;
      norm = Math.sqrt(norm);
      for (let k = 0; k < dim; k++) vectors[i * dim + k] = v[k] / norm;
      labels[i] = id;
    }
  }
  return { vectors, labels };
}
