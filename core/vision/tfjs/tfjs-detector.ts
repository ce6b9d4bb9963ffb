/**
 * SSD MobileNet v1 on tfjs through face-api's own net: `forwardInput` on our 512x512 input (already padded and
 * resized, so face-api's resize is a no-op) returns the decoded boxes and scores the ONNX graph returns.
 */
import type { DetectorOutput } from '../net-runners';
import { DETECTOR_INPUT_SIZE } from '../image/detector-input';
import type { FaceApiModule, Tf, TfTensor } from './face-api-tfjs';

interface SsdForward {
  forwardInput(input: unknown): { boxes: TfTensor[]; scores: TfTensor[] };
}

export class TfjsDetector {
  private constructor(
    private readonly faceapi: FaceApiModule,
    private readonly tf: Tf,
    private readonly net: InstanceType<FaceApiModule['SsdMobilenetv1']>,
  ) {}

  static async load(faceapi: FaceApiModule, tf: Tf, dir: string): Promise<TfjsDetector> {
    const net = new faceapi.SsdMobilenetv1();
    await net.loadFromDisk(dir);
    return new TfjsDetector(faceapi, tf, net);
  }

  async detect(input: Float32Array): Promise<DetectorOutput> {
    const S = DETECTOR_INPUT_SIZE;
    // Every intermediate tensor, the input included, is released when the tidy ends; only plain arrays leave it.
    return this.tf.tidy(() => {
      const x = this.tf.tensor4d(input, [1, S, S, 3]);
      const out = (this.net as unknown as SsdForward).forwardInput(new this.faceapi.NetInput([x as never]));
      return { boxes: out.boxes[0].dataSync().slice(), scores: out.scores[0].dataSync().slice() };
    });
  }

  dispose(): void {
    this.net.dispose();
  }
}
