/**
 * face-api on tfjs, for the two tfjs runtimes: its WASM bundle (always works; single-threaded in Node) or its
 * node-gpu bundle (only when the optional @tensorflow/tfjs-node-gpu is installed). Loaded lazily, once per process:
 * tfjs keeps one global backend.
 */
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';

export type FaceApiModule = typeof FaceApi;
export type TfjsFlavour = 'wasm' | 'node-gpu';

/** The slice of the tfjs API the runners use (face-api re-exports tfjs as `tf`). */
export interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tidy<T>(fn: () => T): T;
  tensor4d(data: Float32Array, shape: [number, number, number, number]): TfTensor;
  unstack(t: TfTensor): TfTensor[];
  memory(): { numTensors: number };
}
export interface TfTensor {
  readonly shape: number[];
  dataSync(): Float32Array;
  dispose(): void;
}

const loaded = new Map<TfjsFlavour, Promise<{ faceapi: FaceApiModule; tf: Tf }>>();

export function isTfjsNodeGpuInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
}

export function loadFaceApi(flavour: TfjsFlavour): Promise<{ faceapi: FaceApiModule; tf: Tf }> {
  let p = loaded.get(flavour);
  if (!p) {
    p = (async () => {
      const faceapi = (
        flavour === 'wasm'
          ? require('@vladmandic/face-api/dist/face-api.node-wasm.js')
          : require('@vladmandic/face-api/dist/face-api.node-gpu.js')
      ) as FaceApiModule;

      const tf = faceapi.tf as unknown as Tf;
      const backend = flavour === 'wasm' ? 'wasm' : 'tensorflow';
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
      await tf.ready();
      return { faceapi, tf };
    })();
    loaded.set(flavour, p);
    p.catch(() => loaded.delete(flavour));
  }
  return p;
}
