/**
 * Online triplet selection inside a mini-batch (FaceNet §3.2): every anchor-positive pair, each with a
 * semi-hard negative chosen with the CURRENT embeddings: ‖a−p‖² < ‖a−n‖² < ‖a−p‖² + α. Among those the
 * closest one is taken (TensorFlow's "semihard" rule, notes/finetune-experiment.md). Hardest negatives are
 * never used early: they collapse the model to f(x) = 0.
 *
 * When no negative is farther than the positive, the FARTHEST negative stands in (the mildest of the hard
 * ones, as in the note). When the closest farther negative lies beyond the margin, the triplet's loss is 0
 * whatever negative is chosen: the pair stays counted but takes no negative.
 */
import { negativeOnlyLabel } from './batch-sampler';
import { squaredRowDistance } from './row-distance';

export type NegativeKind = 'semi-hard' | 'fallback' | 'inactive';

export interface Triplets {
  readonly anchor: Int32Array;
  readonly positive: Int32Array;
  /** -1 where the pair is inactive (loss 0). */
  readonly negative: Int32Array;
  readonly kind: NegativeKind[];
  /** Every ordered anchor-positive pair in the batch, active or not (the loss's denominator). */
  readonly pairs: number;
}

/** Squared Euclidean distances of every pair of rows (n x n, float64). */
export function squaredDistances(emb: Float32Array, dim: number): Float64Array {
  const n = emb.length / dim;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = squaredRowDistance(emb, i, j, dim);
      d[i * n + j] = s;
      d[j * n + i] = s;
    }
  }
  return d;
}

/** n may serve as a negative for anchor a: another labelled person, or an extra negative marked for a's person. */
export function isNegativeFor(labelA: number, labelN: number): boolean {
  return labelN >= 0 ? labelN !== labelA : labelN === negativeOnlyLabel(labelA);
}

/**
 * `anchorRows` limits anchors to the first rows (harmonic training: rows [0, b) are the new embeddings and
 * rows [b, 2b) the parent's; positives and negatives may come from either).
 */
export function mineSemiHard(
  emb: Float32Array,
  dim: number,
  labels: Int32Array,
  alpha: number,
  anchorRows = labels.length,
): Triplets {
  const n = labels.length;
  if (emb.length !== n * dim) throw new Error('embeddings and labels disagree in count');
  const d = squaredDistances(emb, dim);
  const anchor: number[] = [];
  const positive: number[] = [];
  const negative: number[] = [];
  const kind: NegativeKind[] = [];
  for (let a = 0; a < anchorRows; a++) {
    if (labels[a] < 0) continue;
    for (let p = 0; p < n; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const dap = d[a * n + p];
      let closestFarther = -1;
      let farthest = -1;
      for (let q = 0; q < n; q++) {
        if (!isNegativeFor(labels[a], labels[q])) continue;
        const dan = d[a * n + q];
        if (dan > dap && (closestFarther < 0 || dan < d[a * n + closestFarther])) closestFarther = q;
        if (farthest < 0 || dan > d[a * n + farthest]) farthest = q;
      }
      anchor.push(a);
      positive.push(p);
      if (farthest < 0) {
        negative.push(-1);
        kind.push('inactive'); // no negative in the batch at all
      } else if (closestFarther >= 0 && d[a * n + closestFarther] < dap + alpha) {
        negative.push(closestFarther);
        kind.push('semi-hard');
      } else if (closestFarther >= 0) {
        negative.push(-1);
        kind.push('inactive');
      } else {
        negative.push(farthest);
        kind.push('fallback');
      }
    }
  }
  return {
    anchor: Int32Array.from(anchor),
    positive: Int32Array.from(positive),
    negative: Int32Array.from(negative),
    kind,
    pairs: anchor.length,
  };
}
