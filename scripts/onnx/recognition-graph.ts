/**
 * face-api's faceRecognitionNet (faceRecognitionNet/*.ts, a dlib-style ResNet-34) as an ONNX graph.
 * Input: [N, 150, 150, 3] RGB 0..255 (the aligned chip); output: [N, 128], face-api's raw descriptor
 * (not normalised; the analyzer L2-normalises it).
 *
 * Written in any of the three forms of net-form.ts; the int8 form's ranges are in calibration-ranges.ts.
 */
import { GraphBuilder } from './graph-builder';
import { MEAN_RGB } from './landmark68-graph';
import { convFilterToOihw, normalizeMeanRgb, scaleOutputChannels, type WeightTensor } from './layers';
import { FormWriter, type Act, type NetForm } from './net-form';

export const RECOGNITION_INPUT_SIZE = 150;
/** The normalised chip `(rgb - mean) / 255` lies in this range whatever the photo: known, not measured. */
const IMAGE_RANGE = [-MEAN_RGB[0] / 255, (255 - Math.min(...MEAN_RGB)) / 255] as const;

interface ConvLayerParams {
  conv: { filters: WeightTensor; bias: WeightTensor };
  scale: { weights: WeightTensor; biases: WeightTensor };
}
interface ResidualParams {
  conv1: ConvLayerParams;
  conv2: ConvLayerParams;
}
export interface RecognitionParams extends Record<string, unknown> {
  conv32_down: ConvLayerParams;
  fc: WeightTensor;
}

/** conv + bias, then the scale layer `x * w + b`, folded into one Conv. */
function convScale(
  w: FormWriter,
  x: Act,
  p: ConvLayerParams,
  stride: number,
  padding: 'same' | 'valid',
  relu: boolean,
  label: string,
): Act {
  const filter = convFilterToOihw(p.conv.filters);
  const s = p.scale.weights.data;
  const bias = p.conv.bias.data.map((b, o) => b * s[o] + p.scale.biases.data[o]);
  return w.conv(
    x,
    { filter: { data: scaleOutputChannels(filter, s), dims: filter.dims }, bias, stride, padding },
    label,
    relu,
  );
}

function residual(w: FormWriter, x: Act, p: ResidualParams, label: string): Act {
  const c1 = convScale(w, x, p.conv1, 1, 'same', true, `${label}.conv1`);
  const out = convScale(w, c1, p.conv2, 1, 'same', false, `${label}.conv2`);
  return w.mark(w.g.op('Relu', [w.g.op('Add', [out.name, x.name])]), label);
}

/**
 * face-api's residualDown: the conv branch is 3x3 stride 2 'valid'; the shortcut is a 2x2 average pool whose
 * channels are doubled with zeros. When the conv branch comes out one smaller than the pool, face-api appends a
 * zero row and a zero column to it: reproduced with Pad.
 */
function residualDown(
  w: FormWriter,
  x: Act,
  p: ResidualParams,
  size: number,
  cin: number,
  label: string,
): [Act, number] {
  const g = w.g;
  const c1 = convScale(w, x, p.conv1, 2, 'valid', true, `${label}.conv1`);
  let out = convScale(w, c1, p.conv2, 1, 'same', false, `${label}.conv2`).name;
  const convSize = Math.floor((size - 3) / 2) + 1;
  const poolSize = Math.floor(size / 2);
  const cout = p.conv2.conv.filters.shape[3];
  if (convSize !== poolSize) {
    out = g.op('Pad', [out, g.int64s([0, 0, 0, 0, 0, 0, poolSize - convSize, poolSize - convSize], 'pads')]);
  }
  let pooled = g.op('AveragePool', [x.name], { kernel_shape: [2, 2], strides: [2, 2] });
  if (cout !== cin) pooled = g.op('Pad', [pooled, g.int64s([0, 0, 0, 0, 0, cout - cin, 0, 0], 'pads')]);
  return [w.mark(g.op('Relu', [g.op('Add', [pooled, out])]), label), poolSize];
}

export function buildRecognitionGraph(params: RecognitionParams, form: NetForm = { kind: 'float32' }): Uint8Array {
  const g = new GraphBuilder();
  const w = new FormWriter(g, form);
  const r = (name: string) => params[name] as ResidualParams;
  const channels = (name: string) => r(name).conv2.conv.filters.shape[3];
  const normalised = normalizeMeanRgb(g, 'image', MEAN_RGB);
  let x = w.input(normalised, ...IMAGE_RANGE);
  x = convScale(w, x, params.conv32_down, 2, 'valid', true, 'conv32_down');
  let size = Math.floor((RECOGNITION_INPUT_SIZE - 7) / 2) + 1;
  x = w.sameRange(g.op('MaxPool', [x.name], { kernel_shape: [3, 3], strides: [2, 2] }), x);
  size = Math.floor((size - 3) / 2) + 1;
  let c = params.conv32_down.conv.filters.shape[3];
  for (const name of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(w, x, r(name), name);
  for (const [down, rest] of [
    ['conv64_down', ['conv64_1', 'conv64_2', 'conv64_3']],
    ['conv128_down', ['conv128_1', 'conv128_2']],
    ['conv256_down', ['conv256_1', 'conv256_2']],
  ] as const) {
    [x, size] = residualDown(w, x, r(down), size, c, down);
    c = channels(down);
    for (const name of rest) x = residual(w, x, r(name), name);
  }
  [x] = residualDown(w, x, r('conv256_down_out'), size, c, 'conv256_down_out');
  const pooled = g.op('ReduceMean', [x.name], { axes: [2, 3], keepdims: 0 });
  const [cin, cout] = params.fc.shape;
  g.op('MatMul', [pooled, g.floats(params.fc.data, [cin, cout], 'fc_w')], {}, 'descriptor');
  return g.build(
    'face_recognition',
    [{ name: 'image', dims: ['N', RECOGNITION_INPUT_SIZE, RECOGNITION_INPUT_SIZE, 3] }],
    [{ name: 'descriptor', dims: ['N', 128] }, ...w.taps],
  );
}
