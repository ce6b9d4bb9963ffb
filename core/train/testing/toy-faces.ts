/**
 * Test helper: synthetic 128-D "descriptors" whose structure decides what a head can learn.
 * - `shared`: every person's identity lives in the same 16 dimensions and every face carries a strong nuisance
 *   (think lighting) along 4 fixed directions shared by everyone, plus faint noise: a head that learns to drop
 *   the nuisance helps everyone, including people it never saw.
 * - `private`: person p's identity lives in its own 4 dimensions, noise everywhere else: a head trained on some
 *   people learns to keep THEIR dimensions and drop the rest, which erases the identity of everyone else.
 */
import { createRng } from '../../verify/rng';
import { DESCRIPTOR_SIZE } from '../../vision/types';

const D = DESCRIPTOR_SIZE;

export function toyFaces(opts: {
  kind: 'shared' | 'private';
  people: number;
  perPerson: number;
  /** Scale of the nuisance (shared) or of the noise per dimension (private); default 0.12. */
  noise?: number;
  seed?: number;
}): { vectors: Float32Array; labels: Int32Array } {
  const rng = createRng(opts.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const noise = opts.noise ?? 0.12;
  const n = opts.people * opts.perPerson;
  const vectors = new Float32Array(n * D);
  const labels = new Int32Array(n);
  for (let p = 0; p < opts.people; p++) {
    const centre = new Float64Array(D);
    if (opts.kind === 'shared') for (let k = 0; k < 16; k++) centre[k] = gauss() / 4;
    else for (let k = 0; k < 4; k++) centre[(4 * p + k) % D] = gauss() / 2;
    for (let f = 0; f < opts.perPerson; f++) {
      const i = p * opts.perPerson + f;
      const v = new Float64Array(D);
      for (let k = 0; k < D; k++) {
        if (opts.kind === 'shared')
          v[k] = k < 16 ? centre[k] + 0.02 * gauss() : k < 20 ? 3 * noise * gauss() : 0.01 * gauss();
        else v[k] = centre[k] !== 0 ? centre[k] + 0.02 * gauss() : noise * gauss();
      }
      const norm = Math.hypot(...v);
      for (let k = 0; k < D; k++) vectors[i * D + k] = v[k] / norm;
      labels[i] = p;
    }
  }
  return { vectors, labels };
}
