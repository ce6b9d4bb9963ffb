/**
 * The vision pipeline behind `FaceAnalyzer`: detect (SSD on the padded 512 input) -> landmarks (68 points on the
 * 112 crops, one batch per image) -> align (dlib-style similarity chip) -> describe (ResNet on the chip and its
 * mirror, one batch per image, averaged and L2-normalised). Runtime-independent: the runners only run networks.
 */
import { CHIP_FLOATS, chipScale, fitSimilarity, mirrorChip, warpChip } from './image/face-chip';
import { buildDetectorInput } from './image/detector-input';
import { toDetections, type Detection } from './image/detections';
import { LANDMARK_INPUT_FLOATS, landmarkRegion, toImagePoints, writeLandmarkInput } from './image/landmark-input';
import { stretchContrast } from './image/contrast';
import { NO_FACE_RETRIES, retryImages, type RetryPass } from './image/no-face-retries';
import { PADDED_RETRY_MAX_SIDE } from './image/pad-image';
import { chipSharpness, faceQuality, frontalness } from './image/quality';
import type { NetRunners } from './net-runners';
import type { AnalyzedFace, AnalyzeOptions, FaceAnalyzer, RgbImage, RuntimeInfo } from './types';
import { DESCRIPTOR_SIZE } from './types';
import { analyzeOptionsProblem, DEFAULT_MIN_FACE_SIZE, DEFAULT_MIN_SCORE } from './analyze-options';

export { DEFAULT_MIN_FACE_SIZE, DEFAULT_MIN_SCORE } from './analyze-options';
/**
 * An approximate (int8) detector's score within this of the threshold sends the photo to the exact (float32) one.
 * On dev + groups int8 scores stayed within 0.1 of float32 above 0.3, and 7 of 131 photos had such a score.
 */
export const EXACT_DETECTOR_MARGIN = 0.1;

/** Cumulative wall-clock milliseconds per stage (decode is the caller's), for benchmarks and `facet status`. */
export interface StageTimes {
  images: number;
  faces: number;
  detect: number;
  landmarks: number;
  align: number;
  describe: number;
  /** Detector runs repeated on the exact (float32) SSD because an int8 score was near the threshold. */
  exactDetections: number;
}

function validate(image: RgbImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`invalid image size ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new Error(`image data has ${data.length} bytes, expected ${width * height * 3} (packed RGB, 8 bits)`);
  }
}

function l2Normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

export class PipelineFaceAnalyzer implements FaceAnalyzer {
  readonly stageTimes: StageTimes = {
    images: 0,
    faces: 0,
    detect: 0,
    landmarks: 0,
    align: 0,
    describe: 0,
    exactDetections: 0,
  };
  /** Detector input buffers (3 MB each) reused between calls; concurrent calls each take their own. */
  private readonly freeDetectorInputs: Float32Array[] = [];
  private disposed = false;

  constructor(
    readonly runtime: RuntimeInfo,
    private readonly runners: NetRunners,
    /** Describe each chip and its mirror and average them (notes/alignment-experiment.md: +1.8 VAL@1e-3). */
    private readonly flipTta = true,
    /** Extra detector passes for a small photo with no face (benchmarks compare other lists). */
    private readonly noFaceRetries: readonly RetryPass[] = NO_FACE_RETRIES,
  ) {}

  async analyze(image: RgbImage, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
    if (this.disposed) throw new Error('FaceAnalyzer used after dispose()');
    validate(image);
    const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    const minFaceSize = options.minFaceSize ?? DEFAULT_MIN_FACE_SIZE;
    const problem = analyzeOptionsProblem({ minScore, minFaceSize });
    if (problem) throw new Error(problem);
    this.stageTimes.images++;

    let source = image;
    let border = 0;
    let found = await this.detect(image, minScore, minFaceSize);
    if (found.length === 0 && Math.min(image.width, image.height) <= PADDED_RETRY_MAX_SIDE) {
      // Only photos with no face pay for these passes; the first that finds a face wins.
      let stretched: RgbImage | undefined;
      for (const pass of this.noFaceRetries) {
        const retry = retryImages(image, pass, () => (stretched ??= stretchContrast(image)));
        const faces = await this.detect(retry.detectOn, minScore, minFaceSize);
        if (faces.length === 0) continue;
        source = retry.describeOn;
        border = retry.border;
        found = faces;
        break;
      }
    }
    if (found.length === 0) return [];
    const faces = await this.describe(source, found);
    this.stageTimes.faces += faces.length;
    return border === 0 ? faces : faces.map((f) => this.unpad(f, border, image));
  }

  private async detect(image: RgbImage, minScore: number, minFaceSize: number): Promise<Detection[]> {
    const t0 = performance.now();
    const buffer = this.freeDetectorInputs.pop();
    const input = buildDetectorInput(image, buffer);
    const { width, height } = image;
    try {
      const approx = this.runners.detectExact !== undefined;
      const first = await this.runners.detect(input.tensor);
      // NMS is greedy by score, so keeping those above minScore from a lower threshold equals NMS at minScore.
      let found = toDetections(first.boxes, first.scores, input.side, width, height, minScore - EXACT_DETECTOR_MARGIN);
      if (approx && found.some((d) => d.score < minScore + EXACT_DETECTOR_MARGIN)) {
        const exact = await this.runners.detectExact!(input.tensor);
        found = toDetections(exact.boxes, exact.scores, input.side, width, height, minScore);
        this.stageTimes.exactDetections++;
      }
      return found.filter((d) => d.score > minScore && Math.min(d.box.w, d.box.h) >= minFaceSize);
    } finally {
      this.freeDetectorInputs.push(input.tensor);
      this.stageTimes.detect += performance.now() - t0;
    }
  }

  private async describe(image: RgbImage, detections: Detection[]): Promise<AnalyzedFace[]> {
    const t0 = performance.now();
    const regions = detections.map((d) => landmarkRegion(d.box, image.width, image.height));
    const kept = detections.map((d, i) => ({ d, region: regions[i] })).filter((k) => k.region !== null);
    const n = kept.length;
    if (n === 0) return [];
    const crops = new Float32Array(n * LANDMARK_INPUT_FLOATS);
    kept.forEach((k, i) => writeLandmarkInput(image, k.region!, crops, i));
    const raw = await this.runners.landmarks(crops, n);
    const points = kept.map((k, i) => toImagePoints(raw, i * 136, k.region!));
    const t1 = performance.now();

    const views = this.flipTta ? 2 : 1;
    const chips = new Float32Array(n * views * CHIP_FLOATS);
    const transforms = points.map((p, i) => {
      const t = fitSimilarity(p);
      warpChip(image, t, chips, i * views * CHIP_FLOATS);
      if (this.flipTta) mirrorChip(chips, i * 2 * CHIP_FLOATS, (i * 2 + 1) * CHIP_FLOATS);
      return t;
    });
    const t2 = performance.now();

    const out = await this.runners.describe(chips, n * views);
    const faces = kept.map(({ d }, i) => {
      const descriptor = new Float32Array(DESCRIPTOR_SIZE);
      for (let v = 0; v < views; v++) {
        const base = (i * views + v) * DESCRIPTOR_SIZE;
        for (let j = 0; j < DESCRIPTOR_SIZE; j++) descriptor[j] += out[base + j];
      }
      const quality = faceQuality(
        chipScale(transforms[i]),
        chipSharpness(chips, i * views * CHIP_FLOATS),
        frontalness(points[i]),
      );
      return { box: d.box, score: d.score, landmarks: points[i], descriptor: l2Normalise(descriptor), quality };
    });
    const t3 = performance.now();
    this.stageTimes.landmarks += t1 - t0;
    this.stageTimes.align += t2 - t1;
    this.stageTimes.describe += t3 - t2;
    return faces;
  }

  /** Maps a face found in the padded image back to the original's pixels. */
  private unpad(face: AnalyzedFace, border: number, image: RgbImage): AnalyzedFace {
    const x0 = Math.max(0, face.box.x - border);
    const y0 = Math.max(0, face.box.y - border);
    const x1 = Math.min(image.width, face.box.x + face.box.w - border);
    const y1 = Math.min(image.height, face.box.y + face.box.h - border);
    const landmarks = face.landmarks.map((v) => v - border);
    return { ...face, box: { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) }, landmarks };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.freeDetectorInputs.length = 0;
    await this.runners.dispose();
  }
}
