/**
 * face-api's SSD MobileNet v1 (ssdMobilenetv1/*.ts) as an ONNX graph, including its output layer (box decoding
 * against the 5118 anchors and sigmoid scores), so that every runtime returns the same `boxes`/`scores` pair
 * that face-api's `forwardInput` returns. Input: [N, 512, 512, 3] RGB 0..255, already padded and resized.
 */
import { GraphBuilder } from './graph-builder';
import {
  conv,
  convFilterToOihw,
  depthwiseFilterToOihw,
  relu6,
  scaleOutputChannels,
  type ConvSpec,
  type WeightTensor,
} from './layers';
import { activationQuant, qdq, quantizedConv, type ActivationQuant } from './quantize';

const BN_EPSILON = 0.0010000000474974513;
export const SSD_INPUT_SIZE = 512;
export const SSD_ANCHORS = 5118;

interface PointwiseParams {
  filters: WeightTensor;
  batch_norm_offset: WeightTensor;
}
interface DepthwiseParams {
  filters: WeightTensor;
  batch_norm_scale: WeightTensor;
  batch_norm_offset: WeightTensor;
  batch_norm_mean: WeightTensor;
  batch_norm_variance: WeightTensor;
}
interface ConvWithBias {
  filters: WeightTensor;
  bias: WeightTensor;
}
export interface SsdParams {
  mobilenetv1: Record<string, PointwiseParams | { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams }>;
  prediction_layer: Record<
    string,
    PointwiseParams | { box_encoding_predictor: ConvWithBias; class_predictor: ConvWithBias }
  >;
  output_layer: { extra_dim: WeightTensor };
}

/** The weights' precision: float32, or int8 weights and uint8 activations (QDQ, see quantize.ts). */
export type Precision = 'float32' | 'int8';

/** Every activation the backbone passes on is a ReLU6 output (or the [-1, 1] image): ranges known exactly. */
const RELU6_RANGE = activationQuant(0, 6);
const IMAGE_RANGE = activationQuant(-1, 1);

/** Conv + ReLU6, in float32 or as an int8 conv whose output quantisation is the ReLU6 (a saturating [0, 6]). */
function convRelu6(g: GraphBuilder, x: string, spec: ConvSpec, inQuant: ActivationQuant | null): string {
  return inQuant ? quantizedConv(g, x, inQuant, spec, RELU6_RANGE) : relu6(g, conv(g, x, spec));
}

function pointwise(g: GraphBuilder, x: string, p: PointwiseParams, stride: number, q: ActivationQuant | null): string {
  return convRelu6(
    g,
    x,
    { filter: convFilterToOihw(p.filters), bias: p.batch_norm_offset.data, stride, padding: 'same' },
    q,
  );
}

/** Depthwise conv + BatchNorm (folded into the filter and a bias) + ReLU6. */
function depthwise(g: GraphBuilder, x: string, p: DepthwiseParams, stride: number, q: ActivationQuant | null): string {
  const filter = depthwiseFilterToOihw(p.filters);
  const c = filter.dims[0];
  const scale = new Float32Array(c);
  const bias = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    scale[i] = p.batch_norm_scale.data[i] / Math.sqrt(p.batch_norm_variance.data[i] + BN_EPSILON);
    bias[i] = p.batch_norm_offset.data[i] - p.batch_norm_mean.data[i] * scale[i];
  }
  const folded = { data: scaleOutputChannels(filter, scale), dims: filter.dims };
  return convRelu6(g, x, { filter: folded, bias, stride, padding: 'same', group: c }, q);
}

/** A box predictor's conv output back to NHWC before the reshape, or the anchor order is wrong. */
function predictor(g: GraphBuilder, x: string, p: ConvWithBias, perAnchor: number): string {
  const y = conv(g, x, { filter: convFilterToOihw(p.filters), bias: p.bias.data, stride: 1, padding: 'same' });
  const nhwc = g.op('Transpose', [y], { perm: [0, 2, 3, 1] });
  return g.op('Reshape', [nhwc, g.int64s([0, -1, perAnchor], 'shape')]);
}

/** Anchor centres and sizes, computed in float32 in the order face-api's outputLayer computes them. */
function anchorConstants(
  g: GraphBuilder,
  anchors: WeightTensor,
): Record<'sizeY' | 'sizeX' | 'centerY' | 'centerX', string> {
  const n = anchors.data.length / 4;
  const sy = new Float32Array(n);
  const sx = new Float32Array(n);
  const cy = new Float32Array(n);
  const cx = new Float32Array(n);
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const [v0, v1, v2, v3] = anchors.data.subarray(i * 4, i * 4 + 4);
    sy[i] = f(v2 - v0);
    sx[i] = f(v3 - v1);
    cy[i] = f(v0 + f(sy[i] / 2));
    cx[i] = f(v1 + f(sx[i] / 2));
  }
  const dims = [1, n, 1];
  return {
    sizeY: g.floats(sy, dims, 'anchor_size_y'),
    sizeX: g.floats(sx, dims, 'anchor_size_x'),
    centerY: g.floats(cy, dims, 'anchor_center_y'),
    centerX: g.floats(cx, dims, 'anchor_center_x'),
  };
}

/**
 * int8: every backbone and feature conv runs on ORT's integer kernels; the small box/class predictors stay float32
 * (their outputs are unbounded encodings, and they are a few percent of the work).
 */
export function buildSsdMobilenetGraph(params: SsdParams, precision: Precision = 'float32'): Uint8Array {
  const g = new GraphBuilder();
  const int8 = precision === 'int8';
  const nchw = g.op('Transpose', ['image'], { perm: [0, 3, 1, 2] });
  let x = g.op('Sub', [g.op('Div', [nchw, g.scalar(127.5)]), g.scalar(1)]);
  if (int8) x = qdq(g, x, IMAGE_RANGE);

  const mb = params.mobilenetv1;
  x = pointwise(g, x, mb.conv_0 as PointwiseParams, 2, int8 ? IMAGE_RANGE : null);
  const q = int8 ? RELU6_RANGE : null;
  let conv11 = '';
  for (let i = 1; i <= 13; i++) {
    const pair = mb[`conv_${i}`] as { depthwise_conv: DepthwiseParams; pointwise_conv: PointwiseParams };
    x = depthwise(g, x, pair.depthwise_conv, [2, 4, 6, 12].includes(i) ? 2 : 1, q);
    x = pointwise(g, x, pair.pointwise_conv, 1, q);
    if (i === 11) conv11 = x;
  }

  const pl = params.prediction_layer;
  const feats: string[] = [];
  let y = x;
  for (let i = 0; i < 8; i++) {
    y = pointwise(g, y, pl[`conv_${i}`] as PointwiseParams, i % 2 === 1 ? 2 : 1, q);
    if (i % 2 === 1) feats.push(y);
  }
  const sources = [conv11, x, ...feats]; // face-api's order: conv11, backbone out, conv1, conv3, conv5, conv7
  const boxParts: string[] = [];
  const classParts: string[] = [];
  sources.forEach((src, i) => {
    const p = pl[`box_predictor_${i}`] as { box_encoding_predictor: ConvWithBias; class_predictor: ConvWithBias };
    boxParts.push(predictor(g, src, p.box_encoding_predictor, 4));
    classParts.push(predictor(g, src, p.class_predictor, 3));
  });
  const encodings = g.op('Concat', boxParts, { axis: 1 });
  const classes = g.op('Concat', classParts, { axis: 1 });

  // outputLayer.decodeBoxesLayer, op for op.
  const a = anchorConstants(g, params.output_layer.extra_dim);
  const [e0, e1, e2, e3] = g.opN('Split', [encodings], 4, { axis: 2 });
  const half = (v: string, size: string, div: number) =>
    g.op('Div', [g.op('Mul', [g.op('Exp', [g.op('Div', [v, g.scalar(div)])]), size]), g.scalar(2)]);
  const centre = (v: string, size: string, c: string) =>
    g.op('Add', [g.op('Mul', [g.op('Div', [v, g.scalar(10)]), size]), c]);
  const div0 = half(e2, a.sizeY, 5);
  const add0 = centre(e0, a.sizeY, a.centerY);
  const div1 = half(e3, a.sizeX, 5);
  const add1 = centre(e1, a.sizeX, a.centerX);
  g.op(
    'Concat',
    [g.op('Sub', [add0, div0]), g.op('Sub', [add1, div1]), g.op('Add', [add0, div0]), g.op('Add', [add1, div1])],
    { axis: 2 },
    'boxes',
  );
  const faceLogit = g.op('Slice', [classes, g.int64s([1]), g.int64s([2]), g.int64s([2])]);
  g.op('Reshape', [g.op('Sigmoid', [faceLogit]), g.int64s([0, -1], 'shape')], {}, 'scores');

  return g.build(
    'ssd_mobilenetv1',
    [{ name: 'image', dims: ['N', SSD_INPUT_SIZE, SSD_INPUT_SIZE, 3] }],
    [
      { name: 'boxes', dims: ['N', SSD_ANCHORS, 4] },
      { name: 'scores', dims: ['N', SSD_ANCHORS] },
    ],
  );
}
