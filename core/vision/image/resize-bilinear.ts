/**
 * tf.image.resizeBilinear (alignCorners = false, halfPixelCenters = false) of a region of an RGB image that is
 * first padded to a square with zeros, the way face-api's `toBatchTensor` prepares every network input.
 * Written once in plain TypeScript so that every runtime receives bit-identical input tensors.
 * Separable: each source row needed is interpolated horizontally once (into a small cache), then rows are
 * blended vertically; the arithmetic is the same as the 4-tap formula, in the same order.
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

/** Source taps of one axis: image coordinate of each of the two taps (-1 = padding) and the weight of the second. */
function taps(outSize: number, scale: number, last: number, offset: number, extent: number, origin: number) {
  const t0 = new Int32Array(outSize);
  const t1 = new Int32Array(outSize);
  const w = new Float64Array(outSize);
  const toImage = (p: number) => {
    const i = p - offset;
    return i >= 0 && i < extent ? origin + i : -1;
  };
  for (let i = 0; i < outSize; i++) {
    const s = i * scale;
    const p0 = Math.floor(s);
    t0[i] = toImage(p0);
    t1[i] = toImage(Math.min(p0 + 1, last));
    w[i] = s - p0;
  }
  return { t0, t1, w };
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
  const cols = taps(outSize, scale, last, region.offsetX, region.w, region.x);
  const rows = taps(outSize, scale, last, region.offsetY, region.h, region.y);
  const rowLen = outSize * 3;
  const zero = new Float64Array(rowLen);
  // Horizontally interpolated source rows, keyed by image row; consecutive output rows share most of them.
  const cache = [new Float64Array(rowLen), new Float64Array(rowLen)];
  const keys = [-2, -2];
  const horizontal = (y: number, dst: Float64Array) => {
    const base = y * width;
    const { t0, t1, w } = cols;
    for (let i = 0, o = 0; i < outSize; i++, o += 3) {
      const a0 = t0[i];
      const a1 = t1[i];
      const fx = w[i];
      const p0 = (base + a0) * 3;
      const p1 = (base + a1) * 3;
      for (let c = 0; c < 3; c++) {
        const l = a0 >= 0 ? data[p0 + c] : 0;
        const r = a1 >= 0 ? data[p1 + c] : 0;
        dst[o + c] = l + (r - l) * fx;
      }
    }
  };
  const row = (y: number): Float64Array => {
    if (y < 0) return zero;
    if (y === keys[0]) return cache[0];
    if (y === keys[1]) return cache[1];
    const slot = keys[0] < keys[1] ? 0 : 1; // rows only move forward: evict the older one
    horizontal(y, cache[slot]);
    keys[slot] = y;
    return cache[slot];
  };
  let o = outOffset;
  for (let j = 0; j < outSize; j++) {
    const top = row(rows.t0[j]);
    const bottom = row(rows.t1[j]);
    const fy = rows.w[j];
    for (let k = 0; k < rowLen; k++) {
      const t = top[k];
      out[o++] = t + (bottom[k] - t) * fy;
    }
  }
}
