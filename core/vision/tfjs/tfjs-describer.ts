/** face-api's faceRecognitionNet on tfjs: `forwardInput` on our aligned 150x150 chips, batched per image. */
import { CHIP_SIZE } from '../image/dlib-mean-face';
import type { FaceApiModule, Tf, TfTensor } from './face-api-tfjs';

interface RecognitionForward {
  forwardInput(input: unknown): TfTensor;
}

export class TfjsDescriber {
  private constructor(
    private readonly faceapi: FaceApiModule,
    private readonly tf: Tf,
    private readonly net: InstanceType<FaceApiModule['FaceRecognitionNet']>,
  ) {}

  static async load(faceapi: FaceApiModule, tf: Tf, dir: string): Promise<TfjsDescriber> {
    const net = new faceapi.FaceRecognitionNet();
    await net.loadFromDisk(dir);
    return new TfjsDescriber(faceapi, tf, net);
  }

  async describe(batch: Float32Array, n: number): Promise<Float32Array> {
    const S = CHIP_SIZE;
    return this.tf.tidy(() => {
      const x = this.tf.tensor4d(batch.subarray(0, n * S * S * 3), [n, S, S, 3]);
      const input = new this.faceapi.NetInput(this.tf.unstack(x) as never[]);
      return (this.net as unknown as RecognitionForward).forwardInput(input).dataSync().slice();
    });
  }

  dispose(): void {
    this.net.dispose();
  }
}
