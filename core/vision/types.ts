/**
 * The vision contract: what the scanner hands the vision stage and what it gets back. Every runtime
 * (onnxruntime-node, tfjs-node-gpu, tfjs-wasm) sits behind `FaceAnalyzer` and must return the same faces.
 */

/** A decoded image: tightly packed 8-bit RGB, row-major, EXIF orientation already applied. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Axis-aligned box in pixels of the image it was found in. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Per-face quality in [0, 1]: later stages keep low-quality faces out of cluster seeds. */
export interface FaceQuality {
  /** Face size relative to the descriptor's 150 px input, saturating at 1. */
  readonly size: number;
  /** Normalised sharpness (variance of the Laplacian of the aligned chip). */
  readonly sharpness: number;
  /** 1 for a frontal face, falling towards 0 with yaw (landmark asymmetry). */
  readonly frontal: number;
  /** The combined score the quality gate uses. */
  readonly overall: number;
}

export interface AnalyzedFace {
  readonly box: Box;
  /** Detector confidence in [0, 1]. */
  readonly score: number;
  /** 68 iBUG points as [x0, y0, x1, y1, ...] in image pixels. */
  readonly landmarks: Float32Array;
  /** 128-D, L2-normalised descriptor of the aligned face chip. */
  readonly descriptor: Float32Array;
  readonly quality: FaceQuality;
}

export type RuntimeName =
  'onnx-cuda' | 'onnx-dml' | 'onnx-coreml' | 'onnx-webgpu' | 'onnx-cpu' | 'tfjs-node-gpu' | 'tfjs-wasm';

export interface RuntimeInfo {
  readonly name: RuntimeName;
  /** True when the networks run on a GPU. */
  readonly gpu: boolean;
  /** Why this runtime was chosen, and why faster ones were not (shown by `facet status`). */
  readonly reason: string;
}

export interface AnalyzeOptions {
  /** Detector score below which a detection is dropped (default 0.5). */
  readonly minScore?: number;
  /** Faces whose box is smaller than this many pixels on the short side are dropped (default 24). */
  readonly minFaceSize?: number;
}

export interface FaceAnalyzer {
  readonly runtime: RuntimeInfo;
  /**
   * How many analyze() calls it usefully runs at once (a worker pool: one per worker); absent means 1.
   * The scanner keeps this many in flight.
   */
  readonly concurrency?: number;
  /** Finds, aligns and describes every face in the image. Boxes and landmarks are in `image` pixels. */
  analyze(image: RgbImage, options?: AnalyzeOptions): Promise<AnalyzedFace[]>;
  dispose(): Promise<void>;
}

/**
 * Name of the backbone embedding model; stored in `models.name` so descriptors stay tagged with their maker:
 * face-api's ResNet-34 on a dlib-style chip (68-point fit, padding 0.25), averaged with its mirror (flip TTA),
 * L2-normalised. Distances are on unit vectors: on the dev set same-person pairs average 0.25 and different
 * people 0.57 (face-api's raw, unnormalised descriptors read about 1.4x larger, e.g. its usual 0.6 threshold).
 */
export const BACKBONE_MODEL_NAME = 'face-api-resnet34-d68p25-flip';
export const DESCRIPTOR_SIZE = 128;
