/**
 * Layer helpers shared by the three converters: tf (NHWC, HWIO filters) weights become ONNX (NCHW, OIHW),
 * BatchNorm and face-api's scale layers are folded into the convolution, tf 'same' becomes SAME_UPPER
 * (tf pads the extra row/column at the end when the padding is odd, e.g. 3x3 stride 2 on an even size).
 */
import type { GraphBuilder } from './graph-builder';

/** A weight tensor read out of face-api's loaded net: float32 data and tf's shape. */
export interface WeightTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** tf conv filter [kh, kw, cin, cout] to ONNX [cout, cin, kh, kw]. */
export function convFilterToOihw(t: WeightTensor): { data: Float32Array; dims: number[] } {
  const [kh, kw, cin, cout] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = t.data[((y * kw + x) * cin + i) * cout + o];
  return { data: out, dims: [cout, cin, kh, kw] };
}

/** tf depthwise filter [kh, kw, C, 1] to an ONNX grouped-conv filter [C, 1, kh, kw]. */
export function depthwiseFilterToOihw(t: WeightTensor): { data: Float32Array; dims: number[] } {
  const [kh, kw, c, mult] = t.shape;
  if (mult !== 1) throw new Error(`depthwise multiplier ${mult} is not supported`);
  const out = new Float32Array(t.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let ch = 0; ch < c; ch++) out[(ch * kh + y) * kw + x] = t.data[(y * kw + x) * c + ch];
  return { data: out, dims: [c, 1, kh, kw] };
}

/** Multiplies each output channel of an OIHW filter by `scale[o]` (folding a per-channel affine layer). */
export function scaleOutputChannels(filter: { data: Float32Array; dims: number[] }, scale: Float32Array): Float32Array {
  const [cout] = filter.dims;
  const per = filter.data.length / cout;
  const out = new Float32Array(filter.data.length);
  for (let o = 0; o < cout; o++) for (let k = 0; k < per; k++) out[o * per + k] = filter.data[o * per + k] * scale[o];
  return out;
}

export type Padding = 'same' | 'valid';

export interface ConvSpec {
  readonly filter: { data: Float32Array; dims: number[] };
  readonly bias?: Float32Array;
  readonly stride: number;
  readonly padding: Padding;
  readonly group?: number;
}

/** One ONNX Conv node; tf 'same' maps to SAME_UPPER, 'valid' to no padding. */
export function conv(g: GraphBuilder, x: string, spec: ConvSpec): string {
  const [cout, , kh, kw] = spec.filter.dims;
  const inputs = [x, g.floats(spec.filter.data, spec.filter.dims, 'filter')];
  if (spec.bias) inputs.push(g.floats(spec.bias, [cout], 'bias'));
  return g.op('Conv', inputs, {
    kernel_shape: [kh, kw],
    strides: [spec.stride, spec.stride],
    auto_pad: spec.padding === 'same' ? 'SAME_UPPER' : 'VALID',
    group: spec.group ?? 1,
  });
}

/** Clip(x, 0, 6): ReLU6 (min/max are inputs in opset 13). */
export function relu6(g: GraphBuilder, x: string): string {
  return g.op('Clip', [x, g.scalar(0, 'zero'), g.scalar(6, 'six')]);
}

/** NHWC graph input to NCHW, then face-api's per-channel normalisation `(x - mean) / 255`. */
export function normalizeMeanRgb(g: GraphBuilder, nhwc: string, meanRgb: readonly number[]): string {
  const nchw = g.op('Transpose', [nhwc], { perm: [0, 3, 1, 2] });
  const mean = g.floats(new Float32Array(meanRgb), [1, 3, 1, 1], 'mean_rgb');
  return g.op('Div', [g.op('Sub', [nchw, mean]), g.scalar(255, 'c255')]);
}
