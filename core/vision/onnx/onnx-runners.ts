/** The three ONNX networks behind `NetRunners`, sessions created once (about 100-200 ms in all on CPU). */
import { onnxModelPath } from '../model-files';
import type { NetRunners } from '../net-runners';
import { OnnxDescriber } from './onnx-describer';
import { OnnxDetector } from './onnx-detector';
import { OnnxLandmarker } from './onnx-landmarker';
import type { OnnxSessionOptions } from './onnx-session';

export async function createOnnxRunners(modelDir: string, opts: OnnxSessionOptions): Promise<NetRunners> {
  const [detector, landmarker, describer] = await Promise.all([
    OnnxDetector.load(onnxModelPath(modelDir, 'detector'), opts),
    OnnxLandmarker.load(onnxModelPath(modelDir, 'landmarks'), opts),
    OnnxDescriber.load(onnxModelPath(modelDir, 'recognition'), opts),
  ]);
  return {
    detect: (input) => detector.detect(input),
    landmarks: (batch, n) => landmarker.landmarks(batch, n),
    describe: (batch, n) => describer.describe(batch, n),
    dispose: async () => {
      await Promise.all([detector.dispose(), landmarker.dispose(), describer.dispose()]);
    },
  };
}
