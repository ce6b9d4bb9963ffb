/**
 * face-api's faceRecognitionNet (faceRecognitionNet/*.ts, a dlib-style ResNet-34) as an ONNX graph.
 * Input: [N, 150, 150, 3] RGB 0..255 (the aligned chip); output: [N, 128], face-api's raw descriptor
 * (not normalised; the analyzer L2-normalises it).
 *
 * Three forms of the same network (`RecognitionForm`): float32; int8, where every conv runs on ORT's integer
 * kernels with uint8 activations whose ranges were measured on calibration chips (recognition-ranges.ts); and
 * `calibration`, the float32 graph that also outputs every activation the int8 form quantises, so that those
 * ranges can be measured (scripts/onnx/calibrate-recognition.ts).
 */
import { GraphBuilder, type ValueSpec } from './graph-builder';
import { MEAN_RGB } from './landmark68-graph';
import {
  conv,
  convFilterToOihw,
  normalizeMeanRgb,
  scaleOutputChannels,
  type ConvSpec,
  type WeightTensor,
} from './layers';
import { activationQuant, qdq, quantizedConv, type ActivationQuant } from './quantize';

export const RECOGNITION_INPUT_SIZE = 150;

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

/** Measured [min, max] of each quantised activation, by label (e.g. `conv64_1.conv2`). */
export type ActivationRanges = Readonly<Record<string, readonly [number, number]>>;

export type RecognitionForm =
  | { readonly kind: 'float32' }
  | { readonly kind: 'int8'; readonly ranges: ActivationRanges }
  | { readonly kind: 'calibration' };

/** The normalised image `(rgb - mean) / 255` lies in this range whatever the photo: known, not measured. */
const IMAGE_RANGE = activationQuant(-MEAN_RGB[0] / 255, (255 - Math.min(...MEAN_RGB)) / 255);

/** A tensor and, in the int8 form, the uint8 quantisation it carries (its value is already QDQ'd). */
interface Act {
  readonly name: string;
  readonly quant: ActivationQuant | null;
}

/** Builds convs and marks activations according to the form: plain, quantised, or exposed as outputs. */
class ResNetWriter {
  readonly taps: ValueSpec[] = [];
  constructor(
    readonly g: GraphBuilder,
    private readonly form: RecognitionForm,
  ) {}

  private quantOf(label: string): ActivationQuant {
    if (this.form.kind !== 'int8') throw new Error('quantOf outside the int8 form');
    const r = this.form.ranges[label];
    if (!r) throw new Error(`no calibrated range for activation ${label}`);
    return activationQuant(r[0], r[1]);
  }

  /** A float activation from a non-conv op: quantised (int8), exposed (calibration) or left as is. */
  mark(name: string, label: string): Act {
    if (this.form.kind === 'int8') {
      const quant = this.quantOf(label);
      return { name: qdq(this.g, name, quant), quant };
    }
    if (this.form.kind === 'calibration') {
      this.taps.push({
        name: this.g.op('Identity', [name], {}, `range:${label}`),
        dims: [`${label}_n`, `${label}_c`, `${label}_h`, `${label}_w`],
      });
    }
    return { name, quant: null };
  }

  /** Conv (+ ReLU). In int8 the output quantisation of a ReLU conv is [0, max]: the saturation is the ReLU. */
  conv(x: Act, spec: ConvSpec, label: string, relu: boolean): Act {
    if (this.form.kind === 'int8') {
      if (!x.quant) throw new Error(`int8 conv ${label} on an unquantised input`);
      const quant = this.quantOf(label);
      return { name: quantizedConv(this.g, x.name, x.quant, spec, quant), quant };
    }
    const y = conv(this.g, x.name, spec);
    return this.mark(relu ? this.g.op('Relu', [y]) : y, label);
  }

  /** An op that keeps the value range (MaxPool): the output carries the input's quantisation. */
  sameRange(name: string, x: Act): Act {
    return x.quant ? { name: qdq(this.g, name, x.quant), quant: x.quant } : { name, quant: null };
  }
}

/** conv + bias, then the scale layer `x * w + b`, folded into one Conv. */
function convScale(
  w: ResNetWriter,
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

function residual(w: ResNetWriter, x: Act, p: ResidualParams, label: string): Act {
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
  w: ResNetWriter,
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

export function buildRecognitionGraph(
  params: RecognitionParams,
  form: RecognitionForm = { kind: 'float32' },
): Uint8Array {
  const g = new GraphBuilder();
  const w = new ResNetWriter(g, form);
  const r = (name: string) => params[name] as ResidualParams;
  const channels = (name: string) => r(name).conv2.conv.filters.shape[3];
  const normalised = normalizeMeanRgb(g, 'image', MEAN_RGB);
  let x: Act =
    form.kind === 'int8'
      ? { name: qdq(g, normalised, IMAGE_RANGE), quant: IMAGE_RANGE }
      : { name: normalised, quant: null };
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
