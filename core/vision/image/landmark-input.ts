/**
 * Landmark-net input for one detection, as face-api's `extractFaceTensors` + `toBatchTensor(112, centred)` build
 * it: the box clipped to the image and floored, padded to a centred square with zeros, resized to 112x112.
 * `toImagePoints` maps the net's relative output back to image pixels.
 */
import type { Box, RgbImage } from '../types';
import { resizePaddedRegion, type PaddedRegion } from './resize-bilinear';

export const LANDMARK_INPUT_SIZE = 112;
export const LANDMARK_INPUT_FLOATS = LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3;

/** The clipped, floored crop of a box inside its centred square, or null when nothing of it is in the image. */
export function landmarkRegion(box: Box, width: number, height: number): PaddedRegion | null {
  const x = Math.max(box.x, 0);
  const y = Math.max(box.y, 0);
  const w = Math.floor(Math.min(box.x + box.w - x, width - x));
  const h = Math.floor(Math.min(box.y + box.h - y, height - y));
  if (w <= 0 || h <= 0) return null;
  const side = Math.max(w, h);
  const diff = side - Math.min(w, h);
  const before = diff - Math.round(diff * 0.5); // face-api appends round(diff/2) and prepends the rest
  return {
    x: Math.floor(x),
    y: Math.floor(y),
    w,
    h,
    side,
    offsetX: w < h ? before : 0,
    offsetY: h < w ? before : 0,
  };
}

export function writeLandmarkInput(image: RgbImage, region: PaddedRegion, batch: Float32Array, index: number): void {
  resizePaddedRegion(image, region, LANDMARK_INPUT_SIZE, batch, index * LANDMARK_INPUT_FLOATS);
}

/** 136 relative outputs (x0 y0 x1 y1 ... in the 112 square) to 68 points in image pixels. */
export function toImagePoints(raw: Float32Array, offset: number, region: PaddedRegion): Float32Array {
  const out = new Float32Array(136);
  for (let i = 0; i < 68; i++) {
    out[i * 2] = region.x - region.offsetX + raw[offset + i * 2] * region.side;
    out[i * 2 + 1] = region.y - region.offsetY + raw[offset + i * 2 + 1] * region.side;
  }
  return out;
}
