/** SSD MobileNet v1 (face-api's weights, converted by scripts/build-models.ts) on ONNX Runtime. */
import type * as Ort from 'onnxruntime-node';
import { DETECTOR_INPUT_SIZE } from '../image/detector-input';
import type { DetectorOutput } from '../net-runners';
import { createSession, runNhwc, type OnnxSessionOptions } from './onnx-session';

export class OnnxDetector {
  private constructor(private readonly session: Ort.InferenceSession) {}

  static async load(file: string, opts: OnnxSessionOptions): Promise<OnnxDetector> {
    return new OnnxDetector(await createSession(file, opts));
  }

  async detect(input: Float32Array): Promise<DetectorOutput> {
    const out = await runNhwc(this.session, input, 1, DETECTOR_INPUT_SIZE);
    return { boxes: out.boxes, scores: out.scores };
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
