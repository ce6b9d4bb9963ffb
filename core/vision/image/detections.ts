/**
 * Post-processing of the SSD output, as face-api's `locateFaces` does it: greedy non-maximum suppression
 * (IoU > 0.5 suppresses, scores strictly above the threshold, at most 100 faces), then boxes clipped to the
 * padded square and mapped to image pixels.
 */
import type { Box } from '../types';

export const NMS_IOU = 0.5;
export const MAX_DETECTIONS = 100;

export interface Detection {
  readonly box: Box;
  readonly score: number;
}

/** IoU of anchors i and j in a [y0, x0, y1, x1] * n array (corners may come in either order, as in face-api). */
function iou(b: Float32Array, i: number, j: number): number {
  const yi0 = Math.min(b[i * 4], b[i * 4 + 2]);
  const xi0 = Math.min(b[i * 4 + 1], b[i * 4 + 3]);
  const yi1 = Math.max(b[i * 4], b[i * 4 + 2]);
  const xi1 = Math.max(b[i * 4 + 1], b[i * 4 + 3]);
  const yj0 = Math.min(b[j * 4], b[j * 4 + 2]);
  const xj0 = Math.min(b[j * 4 + 1], b[j * 4 + 3]);
  const yj1 = Math.max(b[j * 4], b[j * 4 + 2]);
  const xj1 = Math.max(b[j * 4 + 1], b[j * 4 + 3]);
  const areaI = (yi1 - yi0) * (xi1 - xi0);
  const areaJ = (yj1 - yj0) * (xj1 - xj0);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const inter =
    Math.max(Math.min(yi1, yj1) - Math.max(yi0, yj0), 0) * Math.max(Math.min(xi1, xj1) - Math.max(xi0, xj0), 0);
  return inter / (areaI + areaJ - inter);
}

/** Indices of the kept anchors, best first. */
export function nonMaxSuppression(
  boxes: Float32Array,
  scores: Float32Array,
  minScore: number,
  maxResults = MAX_DETECTIONS,
): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i] > minScore) candidates.push(i);
  // Ties broken by anchor index so the order never depends on the sort's stability.
  candidates.sort((a, b) => scores[b] - scores[a] || a - b);
  const selected: number[] = [];
  for (const c of candidates) {
    if (selected.length >= maxResults) break;
    if (selected.every((s) => iou(boxes, c, s) <= NMS_IOU)) selected.push(c);
  }
  return selected;
}

/** Boxes relative to the padded square become image pixels, clipped to the image. */
export function toDetections(
  boxes: Float32Array,
  scores: Float32Array,
  side: number,
  width: number,
  height: number,
  minScore: number,
): Detection[] {
  return nonMaxSuppression(boxes, scores, minScore).map((i) => {
    const top = Math.max(0, boxes[i * 4]) * side;
    const left = Math.max(0, boxes[i * 4 + 1]) * side;
    const bottom = Math.min(Math.min(1, boxes[i * 4 + 2]) * side, height);
    const right = Math.min(Math.min(1, boxes[i * 4 + 3]) * side, width);
    return { box: { x: left, y: top, w: Math.max(0, right - left), h: Math.max(0, bottom - top) }, score: scores[i] };
  });
}
