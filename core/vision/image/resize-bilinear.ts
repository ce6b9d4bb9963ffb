/**
 * tf.image.resizeBilinear (alignCorners = false, halfPixelCenters = false) of a region of an RGB image that is
 * first padded to a square with zeros, the way face-api's `toBatchTensor` prepares every network input.
 * Written once in plain TypeScript so that every runtime receives bit-identical input tensors.
 */
import type { RgbImage } from '../types';

/** A whole-pixel region of the image, placed at (offsetX, offsetY) inside a zero-filled square of side `side`. */
export interface PaddedRegion {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly side: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/**
 * Writes an `outSize` x `outSize` x 3 float32 (0..255) tensor into `out` at `outOffset` (in floats).
 * Taps outside the region read 0, as the zero padding does in face-api.
 */
export function resizePaddedRegion(
  image: RgbImage,
  region: PaddedRegion,
  outSize: number,
  out: Float32Array,
  outOffset: number,
): void {
  const { data, width } = image;
  const scale = region.side / outSize;
  const last = region.side - 1;
  // Column taps, precomputed once: source column in image pixels (or -1 for padding) and weight.
  const cx0 = new Int32Array(outSize);
  const cx1 = new Int32Array(outSize);
  const wx = new Float32Array(outSize);
  const toImageX = (p: number) => {
    const ix = p - region.offsetX;
    return ix >= 0 && ix < region.w ? region.x + ix : -1;
  };
  for (let i = 0; i < outSize; i++) {
    const s = i * scale;
    const p0 = Math.floor(s);
    cx0[i] = toImageX(p0);
    cx1[i] = toImageX(Math.min(p0 + 1, last));
    wx[i] = s - p0;
  }
  const toImageY = (p: number) => {
    const iy = p - region.offsetY;
    return iy >= 0 && iy < region.h ? region.y + iy : -1;
  };
  let o = outOffset;
  for (let j = 0; j < outSize; j++) {
    const s = j * scale;
    const p0 = Math.floor(s);
    const ry0 = toImageY(p0);
    const ry1 = toImageY(Math.min(p0 + 1, last));
    const fy = s - p0;
    const row0 = ry0 < 0 ? -1 : ry0 * width;
    const row1 = ry1 < 0 ? -1 : ry1 * width;
    for (let i = 0; i < outSize; i++) {
      const a0 = cx0[i];
      const a1 = cx1[i];
      const fx = wx[i];
      for (let c = 0; c < 3; c++) {
        const tl = row0 >= 0 && a0 >= 0 ? data[(row0 + a0) * 3 + c] : 0;
        const tr = row0 >= 0 && a1 >= 0 ? data[(row0 + a1) * 3 + c] : 0;
        const bl = row1 >= 0 && a0 >= 0 ? data[(row1 + a0) * 3 + c] : 0;
        const br = row1 >= 0 && a1 >= 0 ? data[(row1 + a1) * 3 + c] : 0;
        const top = tl + (tr - tl) * fx;
        const bottom = bl + (br - bl) * fx;
        out[o++] = top + (bottom - top) * fy;
      }
    }
  }
}
