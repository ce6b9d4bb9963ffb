/**
 * Running sums of each person's faces (vector sum, sum of squared norms, count, quality sum), so the
 * average-linkage distance of one face to a whole person costs O(d): the same rule a new face would meet in
 * clustering, instead of "one near neighbour is enough", which chains different people together when faces
 * join machine clusters batch after batch.
 */
import { qualityScale } from '../verify/quality-scale';

export class PersonSums {
  private readonly sums = new Map<number, { vec: Float64Array; sumSq: number; count: number; quality: number }>();

  constructor(private readonly dim: number) {}

  add(person: number, vector: Float32Array, quality: number): void {
    let s = this.sums.get(person);
    if (!s) this.sums.set(person, (s = { vec: new Float64Array(this.dim), sumSq: 0, count: 0, quality: 0 }));
    let sq = 0;
    for (let t = 0; t < this.dim; t++) {
      s.vec[t] += vector[t];
      sq += vector[t] * vector[t];
    }
    s.sumSq += sq;
    s.count++;
    s.quality += quality;
  }

  /**
   * RMS distance of `vector` to the person's faces divided by the quality scale of the would-be cluster
   * (comparable with a plain distance threshold); Infinity for an unknown person.
   */
  normalisedLinkage(person: number, vector: Float32Array, quality: number): number {
    const s = this.sums.get(person);
    if (!s || !s.count) return Infinity;
    let dot = 0;
    let sq = 0;
    for (let t = 0; t < this.dim; t++) {
      dot += vector[t] * s.vec[t];
      sq += vector[t] * vector[t];
    }
    const meanSq = sq + s.sumSq / s.count - (2 * dot) / s.count;
    return Math.sqrt(Math.max(0, meanSq)) / qualityScale((s.quality + quality) / (s.count + 1));
  }
}
