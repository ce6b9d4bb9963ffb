/**
 * Reads face-api's three networks from its own weight files (uint8-quantised manifests) through face-api itself
 * on tfjs, and returns the dequantised float32 parameters as plain `{ data, shape }` trees: exactly the tensors
 * face-api computes with, so the converted graphs can match it to float rounding.
 */
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { WeightTensor } from './layers';

export type ParamTree = { [key: string]: ParamTree | WeightTensor };

interface TensorLike {
  shape: number[];
  dataSync(): Float32Array | Int32Array | Uint8Array;
}

function isTensor(v: unknown): v is TensorLike {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}

function toPlain(value: unknown): ParamTree | WeightTensor {
  if (isTensor(value)) return { data: Float32Array.from(value.dataSync()), shape: [...value.shape] };
  const out: ParamTree = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v) as ParamTree;
  return out;
}

export interface FaceApiParams {
  ssd: ParamTree;
  landmarks: { extractor: ParamTree; fc: ParamTree };
  recognition: ParamTree;
}

export async function loadFaceApiParams(modelDir: string): Promise<FaceApiParams> {
  // face-api's node-wasm bundle re-exports tfjs; its CPU backend is enough to read (dequantise) weights.

  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof FaceApi;
  const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  await tf.setBackend('cpu');
  await tf.ready();
  const ssd = new faceapi.SsdMobilenetv1();
  const landmarks = new faceapi.FaceLandmark68Net();
  const recognition = new faceapi.FaceRecognitionNet();
  await Promise.all([ssd.loadFromDisk(modelDir), landmarks.loadFromDisk(modelDir), recognition.loadFromDisk(modelDir)]);
  const extractor = landmarks.faceFeatureExtractor as unknown as { params: unknown };
  const out: FaceApiParams = {
    ssd: toPlain(ssd.params) as ParamTree,
    landmarks: { extractor: toPlain(extractor.params) as ParamTree, fc: toPlain(landmarks.params) as ParamTree },
    recognition: toPlain(recognition.params) as ParamTree,
  };
  ssd.dispose();
  landmarks.dispose();
  recognition.dispose();
  return out;
}
