import { iou } from '../db/faces-repo';
import type { Box } from '../vision/types';

/** Faces are matched across databases when their boxes overlap this much (relative to the photo's size). */
export const MIN_LABEL_IOU = 0.5;

/** A box as fractions of the photo's width and height, so photos re-encoded at another size still match. */
export function normaliseBox(b: Box, width: number, height: number): Box {
  return { x: b.x / width, y: b.y / height, w: b.w / width, h: b.h / height };
}

/**
 * One-to-one matching of `wanted` boxes to `found` boxes, best overlap first (greedy), pairs below `minIou`
 * left unmatched. Returns, for each wanted index, the found index or -1.
 */
export function matchBoxes(wanted: readonly Box[], found: readonly Box[], minIou = MIN_LABEL_IOU): number[] {
  const pairs: { w: number; f: number; v: number }[] = [];
  wanted.forEach((a, i) =>
    found.forEach((b, j) => {
      const v = iou(a, b);
      if (v >= minIou) pairs.push({ w: i, f: j, v });
    }),
  );
  pairs.sort((p, q) => q.v - p.v || p.w - q.w || p.f - q.f);
  const out = new Array<number>(wanted.length).fill(-1);
  const used = new Set<number>();
  for (const p of pairs) {
    if (out[p.w] !== -1 || used.has(p.f)) continue;
    out[p.w] = p.f;
    used.add(p.f);
  }
  return out;
}
