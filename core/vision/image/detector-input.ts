/**
 * The SSD's input the way face-api builds it: the image padded at the bottom/right to a square (never centred)
 * and resized to 512x512. Detections come back relative to that square, so `side` maps them to image pixels.
 */
import type { RgbImage } from '../types';
import { resizePaddedRegion } from './resize-bilinear';

export const DETECTOR_INPUT_SIZE = 512;

export interface DetectorInput {
  readonly tensor: Float32Array;
  /** Side of the padded square in image pixels: relative box coordinates times `side` are image pixels. */
  readonly side: number;
}

export function buildDetectorInput(image: RgbImage, reuse?: Float32Array): DetectorInput {
  const n = DETECTOR_INPUT_SIZE * DETECTOR_INPUT_SIZE * 3;
  const tensor = reuse && reuse.length === n ? reuse : new Float32Array(n);
  const side = Math.max(image.width, image.height);
  resizePaddedRegion(
    image,
    { x: 0, y: 0, w: image.width, h: image.height, side, offsetX: 0, offsetY: 0 },
    DETECTOR_INPUT_SIZE,
    tensor,
    0,
  );
  return { tensor, side };
}
