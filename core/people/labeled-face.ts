/** A face whose identity is known from where its photo sits (`root/<identity>/…`), as evaluations and `facet label
 * --from-folders` read it. Defined here, beside its users, so that people/ does not import library/. */
export interface LabeledFace {
  readonly faceId: number;
  readonly photoId: number;
  readonly path: string;
  /** The name of the first folder under `root` that holds the photo. */
  readonly identity: string;
  readonly descriptor: Float32Array;
  /** faces.quality in [0, 1] (size, sharpness, frontalness): evaluations report per quality band. */
  readonly quality: number;
}
