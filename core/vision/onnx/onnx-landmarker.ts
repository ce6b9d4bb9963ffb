/** face-api's 68-point landmark net (faceLandmark68Net, the full one), converted to ONNX, batched per image. */
import type * as Ort from 'onnxruntime-node';
import { LANDMARK_INPUT_SIZE } from '../image/landmark-input';
import { createSession, runNhwc, type OnnxSessionOptions } from './onnx-session';

export class OnnxLandmarker {
  private constructor(private readonly session: Ort.InferenceSession) {}

  static async load(file: string, opts: OnnxSessionOptions): Promise<OnnxLandmarker> {
    return new OnnxLandmarker(await createSession(file, opts));
  }

  async landmarks(batch: Float32Array, n: number): Promise<Float32Array> {
    return (await runNhwc(this.session, batch, n, LANDMARK_INPUT_SIZE)).landmarks;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
