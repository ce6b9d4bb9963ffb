/** face-api's recognition ResNet (faceRecognitionNet), converted to ONNX: 150x150 chips to 128-D descriptors. */
import type * as Ort from 'onnxruntime-node';
import { CHIP_SIZE } from '../image/dlib-mean-face';
import { createSession, runNhwc, type OnnxSessionOptions } from './onnx-session';

export class OnnxDescriber {
  private constructor(private readonly session: Ort.InferenceSession) {}

  static async load(file: string, opts: OnnxSessionOptions): Promise<OnnxDescriber> {
    return new OnnxDescriber(await createSession(file, opts));
  }

  async describe(batch: Float32Array, n: number): Promise<Float32Array> {
    return (await runNhwc(this.session, batch, n, CHIP_SIZE)).descriptor;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
