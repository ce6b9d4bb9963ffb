/**
 * int8 quantisation written into the graph as QDQ pairs, the form ONNX Runtime's CPU provider fuses into its
 * integer kernels (QLinearConv, u8 activations x s8 weights) with graph optimisation on:
 *   DequantizeLinear(x_u8) -> Conv(DequantizeLinear(w_s8, per-channel), DequantizeLinear(b_s32)) -> QuantizeLinear.
 * Weights are symmetric per output channel (zero point 0, [-127, 127]); the bias is int32 at scale x_scale*w_scale,
 * as QLinearConv requires. An activation range is a fixed [lo, hi] known from the network (ReLU6: [0, 6]) or
 * measured on calibration images.
 */
import type { GraphBuilder } from './graph-builder';
import type { ConvSpec } from './layers';

/** uint8 affine quantisation of one tensor: real = (q - zeroPoint) * scale. */
export interface ActivationQuant {
  readonly scale: number;
  readonly zeroPoint: number;
}

/** The uint8 quantisation covering [lo, hi] (widened to include 0, so zero padding is exact). */
export function activationQuant(lo: number, hi: number): ActivationQuant {
  const a = Math.min(lo, 0);
  const b = Math.max(hi, 0);
  const scale = b > a ? (b - a) / 255 : 1;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-a / scale))) };
}

/** Per-output-channel symmetric int8 weights of an OIHW filter, and their scales. */
export function quantizeFilter(filter: { data: Float32Array; dims: number[] }): { q: Int8Array; scales: Float32Array } {
  const [cout] = filter.dims;
  const per = filter.data.length / cout;
  const q = new Int8Array(filter.data.length);
  const scales = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    let max = 0;
    for (let k = 0; k < per; k++) max = Math.max(max, Math.abs(filter.data[o * per + k]));
    const s = max > 0 ? max / 127 : 1;
    scales[o] = s;
    for (let k = 0; k < per; k++) q[o * per + k] = Math.round(filter.data[o * per + k] / s);
  }
  return { q, scales };
}

/** QuantizeLinear then DequantizeLinear: the float tensor as the integer kernels will see it. */
export function qdq(g: GraphBuilder, x: string, quant: ActivationQuant): string {
  const scale = g.scalar(quant.scale, 'act_scale');
  const zp = g.ints(new Uint8Array([quant.zeroPoint]), [], 'act_zp');
  return g.op('DequantizeLinear', [g.op('QuantizeLinear', [x, scale, zp]), scale, zp]);
}

/**
 * A convolution on a QDQ input `x` (quantised with `inQuant`) with int8 weights; its output is quantised with
 * `outQuant` (a [0, 6] output range is ReLU6 itself: QuantizeLinear saturates) and dequantised again.
 */
export function quantizedConv(
  g: GraphBuilder,
  x: string,
  inQuant: ActivationQuant,
  spec: ConvSpec,
  outQuant: ActivationQuant,
): string {
  const [cout, , kh, kw] = spec.filter.dims;
  const { q, scales } = quantizeFilter(spec.filter);
  const wScale = g.floats(scales, [cout], 'w_scale');
  const w = g.op(
    'DequantizeLinear',
    [g.ints(q, spec.filter.dims, 'w_q'), wScale, g.ints(new Int8Array(cout), [cout], 'w_zp')],
    {
      axis: 0,
    },
  );
  const inputs = [x, w];
  if (spec.bias) {
    const bScales = scales.map((s) => s * inQuant.scale);
    const bq = Int32Array.from(spec.bias, (b, o) => Math.round(b / bScales[o]));
    inputs.push(
      g.op(
        'DequantizeLinear',
        [g.ints(bq, [cout], 'b_q'), g.floats(bScales, [cout], 'b_scale'), g.ints(new Int32Array(cout), [cout], 'b_zp')],
        {
          axis: 0,
        },
      ),
    );
  }
  const y = g.op('Conv', inputs, {
    kernel_shape: [kh, kw],
    strides: [spec.stride, spec.stride],
    auto_pad: spec.padding === 'same' ? 'SAME_UPPER' : 'VALID',
    group: spec.group ?? 1,
  });
  return qdq(g, y, outQuant);
}
