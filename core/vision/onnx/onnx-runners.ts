/** The three ONNX networks behind `NetRunners`, sessions created once (about 100-200 ms in all on CPU). */
import { onnxModelPath, type DetectorPrecision } from '../model-files';
import type { NetRunners } from '../net-runners';
import { OnnxDescriber } from './onnx-describer';
import { OnnxDetector } from './onnx-detector';
import { OnnxLandmarker } from './onnx-landmarker';
import type { OnnxSessionOptions } from './onnx-session';

export async function createOnnxRunners(
  modelDir: string,
  opts: OnnxSessionOptions,
  precision: DetectorPrecision = 'float32',
): Promise<NetRunners> {
  const int8 = precision === 'int8';
  const floatFile = onnxModelPath(modelDir, 'detector');
  const [detector, landmarker, describer] = await Promise.all([
    OnnxDetector.load(int8 ? onnxModelPath(modelDir, 'detectorInt8') : floatFile, opts),
    OnnxLandmarker.load(onnxModelPath(modelDir, 'landmarks'), opts),
    OnnxDescriber.load(onnxModelPath(modelDir, int8 ? 'recognitionInt8' : 'recognition'), opts),
  ]);
  // The float32 SSD behind int8 is loaded on first need: most photos never have a borderline score.
  let exact: Promise<OnnxDetector> | null = null;
  return {
    detect: (input) => detector.detect(input),
    detectExact: int8
      ? async (input) => (await (exact ??= OnnxDetector.load(floatFile, opts))).detect(input)
      : undefined,
    landmarks: (batch, n) => landmarker.landmarks(batch, n),
    describe: (batch, n) => describer.describe(batch, n),
    dispose: async () => {
      const loaded = exact ? [(await exact).dispose()] : [];
      await Promise.all([detector.dispose(), landmarker.dispose(), describer.dispose(), ...loaded]);
    },
  };
}
