/** face-api's three nets on tfjs (WASM or tfjs-node-gpu) behind `NetRunners`. */
import { faceApiModelDir } from '../model-files';
import type { NetRunners } from '../net-runners';
import { loadFaceApi, type TfjsFlavour } from './face-api-tfjs';
import { TfjsDescriber } from './tfjs-describer';
import { TfjsDetector } from './tfjs-detector';
import { TfjsLandmarker } from './tfjs-landmarker';

export async function createTfjsRunners(modelDir: string, flavour: TfjsFlavour): Promise<NetRunners> {
  const dir = faceApiModelDir(modelDir);
  const { faceapi, tf } = await loadFaceApi(flavour);
  const [detector, landmarker, describer] = await Promise.all([
    TfjsDetector.load(faceapi, tf, dir),
    TfjsLandmarker.load(faceapi, tf, dir),
    TfjsDescriber.load(faceapi, tf, dir),
  ]);
  return {
    detect: (input) => detector.detect(input),
    landmarks: (batch, n) => landmarker.landmarks(batch, n),
    describe: (batch, n) => describer.describe(batch, n),
    dispose: async () => {
      detector.dispose();
      landmarker.dispose();
      describer.dispose();
    },
  };
}
