import { createRng } from './rng';

/**
 * Seeded synthetic "faces" with identity structure, for tests and the bench: each identity is a random unit
 * centre, each face its centre plus Gaussian noise of scale `spread`, re-normalised. With dim 128 and spread 0.04
 * the same/different distance distributions overlap a little, as real descriptors do.
 */
export function syntheticFaces(opts: {
  identities: number;
  perIdentity: number;
  dim?: number;
  spread?: number;
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
  for (let id = 0; id < opts.identities; id++) {
    for (let k = 0; k < dim; k++) centre[k] = gauss() / Math.sqrt(dim);
    for (let f = 0; f < opts.perIdentity; f++) {
      const i = id * opts.perIdentity + f;
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += (v[k] = centre[k] + spread * gauss()) ** 2;
      norm = Math.sqrt(norm);
      for (let k = 0; k < dim; k++) vectors[i * dim + k] = v[k] / norm;
      labels[i] = id;
    }
  }
  return { vectors, labels };
}
