/**
 * The one small interface every runtime implements: the three networks on already-prepared float32 NHWC inputs
 * (RGB 0..255). All pre- and post-processing lives in image/*, shared, so every runtime gives the same faces.
 */
export interface DetectorOutput {
  /** [5118 x 4] anchors as (y0, x0, y1, x1) relative to the padded 512x512 input. */
  readonly boxes: Float32Array;
  /** [5118] face scores (sigmoid). */
  readonly scores: Float32Array;
}

export interface NetRunners {
  /** SSD MobileNet v1 on one 512x512x3 input. */
  detect(input: Float32Array): Promise<DetectorOutput>;
  /**
   * The float32 SSD, present only when `detect` is an approximation of it (the int8 SSD on the CPU): the analyzer
   * re-runs a photo here when a score lands near its threshold, so that int8 never changes which faces are found.
   */
  detectExact?(input: Float32Array): Promise<DetectorOutput>;
  /** 68-point landmarks on `n` 112x112x3 crops: n x 136 positions relative to each crop. */
  landmarks(batch: Float32Array, n: number): Promise<Float32Array>;
  /** Recognition ResNet on `n` 150x150x3 chips: n x 128 raw (unnormalised) descriptors. */
  describe(batch: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
