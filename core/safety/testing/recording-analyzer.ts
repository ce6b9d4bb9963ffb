/**
 * An analyzer that finds no faces but records what the decoder handed it (size, byte count, mean colour), so
 * that hostile-input tests can check what the scan made of each file without paying for inference.
 */
import type { AnalyzedFace, FaceAnalyzer, RgbImage } from '../../vision/types';

export interface SeenImage {
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly mean: [number, number, number];
}

export interface RecordingAnalyzer extends FaceAnalyzer {
  readonly seen: SeenImage[];
}

export function createRecordingAnalyzer(): RecordingAnalyzer {
  const seen: SeenImage[] = [];
  return {
    runtime: { name: 'tfjs-wasm', gpu: false, reason: 'recording analyzer for tests' },
    seen,
    async analyze(image: RgbImage): Promise<AnalyzedFace[]> {
      const sum = [0, 0, 0];
      const n = image.width * image.height;
      for (let i = 0; i < n * 3; i += 3) {
        sum[0] += image.data[i];
        sum[1] += image.data[i + 1];
        sum[2] += image.data[i + 2];
      }
      seen.push({
        width: image.width,
        height: image.height,
        bytes: image.data.length,
        mean: [sum[0] / n, sum[1] / n, sum[2] / n],
      });
      return [];
    },
    async dispose() {},
  };
}
