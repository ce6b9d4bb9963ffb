/**
 * A stand-in FaceAnalyzer for the scanner's bookkeeping tests (incremental logic, moves, errors), where the
 * real networks would only add seconds. One "face" per image, in the centre; its descriptor is derived from
 * the pixels, so equal images give equal descriptors. Counts its calls: a re-scan must make none.
 */
import type { AnalyzedFace, FaceAnalyzer, RgbImage } from '../../vision/types';

export interface CountingAnalyzer extends FaceAnalyzer {
  readonly calls: number;
  readonly sizes: { width: number; height: number }[];
}

export function createFakeAnalyzer(): CountingAnalyzer {
  const sizes: { width: number; height: number }[] = [];
  return {
    runtime: { name: 'tfjs-wasm', gpu: false, reason: 'fake analyzer for tests' },
    get calls() {
      return sizes.length;
    },
    sizes,
    async analyze(image: RgbImage): Promise<AnalyzedFace[]> {
      sizes.push({ width: image.width, height: image.height });
      const descriptor = new Float32Array(128);
      for (let i = 0; i < image.data.length; i += 97) descriptor[i % 128] += image.data[i];
      const norm = Math.hypot(...descriptor) || 1;
      for (let i = 0; i < 128; i++) descriptor[i] = descriptor[i] / norm;
      const box = { x: image.width / 4, y: image.height / 4, w: image.width / 2, h: image.height / 2 };
      const landmarks = new Float32Array(136);
      for (let i = 0; i < 68; i++) {
        landmarks[2 * i] = box.x + (box.w * (i % 17)) / 16;
        landmarks[2 * i + 1] = box.y + (box.h * Math.floor(i / 17)) / 4;
      }
      const quality = { size: 1, sharpness: 1, frontal: 1, overall: 1 };
      return [{ box, score: 0.9, landmarks, descriptor, quality }];
    },
    async dispose() {},
  };
}
