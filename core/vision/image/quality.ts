/**
 * Per-face quality in [0, 1] from what the pipeline already has: chip resolution (size), variance of the
 * Laplacian of the grey chip (sharpness) and left/right landmark symmetry (frontal). Cheap: one pass over the chip.
 */
import type { FaceQuality } from '../types';
import { CHIP_SIZE } from './dlib-mean-face';

/** Laplacian variance at which sharpness reads 0.5; a sharp 150 px face chip is typically several times this. */
const SHARPNESS_HALF = 100;

export function chipSharpness(chip: Float32Array, offset: number): number {
  const S = CHIP_SIZE;
  const grey = (u: number, v: number) => {
    const p = offset + (v * S + u) * 3;
    return (chip[p] + chip[p + 1] + chip[p + 2]) / 3;
  };
  // Inner 60% of the chip: the face, not the black fill or background.
  const lo = Math.floor(S * 0.2);
  const hi = Math.ceil(S * 0.8);
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let v = lo; v < hi; v++) {
    for (let u = lo; u < hi; u++) {
      const lap = grey(u - 1, v) + grey(u + 1, v) + grey(u, v - 1) + grey(u, v + 1) - 4 * grey(u, v);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const variance = sumSq / n - (sum / n) ** 2;
  return variance / (variance + SHARPNESS_HALF);
}

/** 1 when the nose tip is midway between the jaw ends (points 0 and 16), towards 0 as the head turns. */
export function frontalness(landmarks: Float32Array): number {
  const nx = landmarks[30 * 2];
  const ny = landmarks[30 * 2 + 1];
  const left = Math.hypot(nx - landmarks[0], ny - landmarks[1]);
  const right = Math.hypot(nx - landmarks[32], ny - landmarks[33]);
  const max = Math.max(left, right);
  return max > 0 ? Math.min(left, right) / max : 0;
}

/** `scale` is image pixels per chip pixel: below 1 the chip was upsampled from a small face. */
export function faceQuality(scale: number, sharpness: number, frontal: number): FaceQuality {
  const size = Math.min(1, scale);
  // Geometric mean: any one bad factor pulls the face down.
  const overall = Math.cbrt(size * sharpness * frontal);
  return { size, sharpness, frontal, overall };
}
