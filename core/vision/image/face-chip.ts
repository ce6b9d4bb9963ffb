/**
 * The dlib-style face chip: a least-squares similarity transform (rotation, uniform scale, translation; never a
 * reflection) from the mean-face template to the detected landmarks, then a 150x150 bilinear warp with black fill,
 * like `tf.image.transform` (no half-pixel shift). notes/alignment-experiment.md: +6.7 points VAL@FAR 1e-3 over
 * face-api's axis-aligned crop.
 */
import type { RgbImage } from '../types';
import { ALIGNMENT_POINTS, CHIP_SIZE, templatePoint } from './dlib-mean-face';

export const CHIP_FLOATS = CHIP_SIZE * CHIP_SIZE * 3;

/** Chip pixel (u, v) maps to image pixel (a*u - b*v + tx, b*u + a*v + ty). */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

const TEMPLATE = ALIGNMENT_POINTS.map((i) => templatePoint(i));

/** Closed-form least squares for x' = a x - b y + tx, y' = b x + a y + ty (template -> landmarks). */
export function fitSimilarity(landmarks: Float32Array): Similarity {
  const n = TEMPLATE.length;
  let mx = 0;
  let my = 0;
  let px = 0;
  let py = 0;
  ALIGNMENT_POINTS.forEach((idx, k) => {
    mx += TEMPLATE[k][0];
    my += TEMPLATE[k][1];
    px += landmarks[idx * 2];
    py += landmarks[idx * 2 + 1];
  });
  mx /= n;
  my /= n;
  px /= n;
  py /= n;
  let sxx = 0;
  let num1 = 0;
  let num2 = 0;
  ALIGNMENT_POINTS.forEach((idx, k) => {
    const x = TEMPLATE[k][0] - mx;
    const y = TEMPLATE[k][1] - my;
    const u = landmarks[idx * 2] - px;
    const v = landmarks[idx * 2 + 1] - py;
    sxx += x * x + y * y;
    num1 += x * u + y * v;
    num2 += x * v - y * u;
  });
  const a = num1 / sxx;
  const b = num2 / sxx;
  return { a, b, tx: px - (a * mx - b * my), ty: py - (b * mx + a * my) };
}

/** Image pixels per chip pixel. */
export function chipScale(t: Similarity): number {
  return Math.hypot(t.a, t.b);
}

/** Warps the chip into `out` at float offset `offset` (RGB 0..255, HWC). Taps outside the image read 0. */
export function warpChip(image: RgbImage, t: Similarity, out: Float32Array, offset: number): void {
  const { data, width, height } = image;
  let o = offset;
  for (let v = 0; v < CHIP_SIZE; v++) {
    for (let u = 0; u < CHIP_SIZE; u++) {
      const x = t.a * u - t.b * v + t.tx;
      const y = t.b * u + t.a * v + t.ty;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      const in00 = x0 >= 0 && x0 < width && y0 >= 0 && y0 < height;
      const in10 = x0 + 1 >= 0 && x0 + 1 < width && y0 >= 0 && y0 < height;
      const in01 = x0 >= 0 && x0 < width && y0 + 1 >= 0 && y0 + 1 < height;
      const in11 = x0 + 1 >= 0 && x0 + 1 < width && y0 + 1 >= 0 && y0 + 1 < height;
      const p00 = (y0 * width + x0) * 3;
      const p01 = p00 + width * 3;
      for (let c = 0; c < 3; c++) {
        const v00 = in00 ? data[p00 + c] : 0;
        const v10 = in10 ? data[p00 + 3 + c] : 0;
        const v01 = in01 ? data[p01 + c] : 0;
        const v11 = in11 ? data[p01 + 3 + c] : 0;
        const top = v00 + (v10 - v00) * fx;
        const bottom = v01 + (v11 - v01) * fx;
        out[o++] = top + (bottom - top) * fy;
      }
    }
  }
}

/** Copies the chip at `from` mirrored left-right to `to` (flip test-time augmentation). */
export function mirrorChip(buf: Float32Array, from: number, to: number): void {
  for (let v = 0; v < CHIP_SIZE; v++) {
    const row = v * CHIP_SIZE * 3;
    for (let u = 0; u < CHIP_SIZE; u++) {
      const src = from + row + u * 3;
      const dst = to + row + (CHIP_SIZE - 1 - u) * 3;
      buf[dst] = buf[src];
      buf[dst + 1] = buf[src + 1];
      buf[dst + 2] = buf[src + 2];
    }
  }
}
