/**
 * face-api's faceLandmark68Net on tfjs: `forwardInput` on our 112x112 crops (face-api's pad/resize are no-ops
 * on square 112 inputs, and its post-processing is then the identity), batched per image.
 */
import { LANDMARK_INPUT_SIZE } from '../image/landmark-input';
import type { FaceApiModule, Tf, TfTensor } from './face-api-tfjs';

interface LandmarkForward {
  forwardInput(input: unknown): TfTensor;
}

export class TfjsLandmarker {
  private constructor(
    private readonly faceapi: FaceApiModule,
    private readonly tf: Tf,
    private readonly net: InstanceType<FaceApiModule['FaceLandmark68Net']>,
  ) {}

  static async load(faceapi: FaceApiModule, tf: Tf, dir: string): Promise<TfjsLandmarker> {
    const net = new faceapi.FaceLandmark68Net();
    await net.loadFromDisk(dir);
    return new TfjsLandmarker(faceapi, tf, net);
  }

  async landmarks(batch: Float32Array, n: number): Promise<Float32Array> {
    const S = LANDMARK_INPUT_SIZE;
    return this.tf.tidy(() => {
      const x = this.tf.tensor4d(batch.subarray(0, n * S * S * 3), [n, S, S, 3]);
      const input = new this.faceapi.NetInput(this.tf.unstack(x) as never[]);
      return (this.net as unknown as LandmarkForward).forwardInput(input).dataSync().slice();
    });
  }

  dispose(): void {
    this.net.dispose();
  }
}
