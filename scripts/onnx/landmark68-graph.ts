/**
 * face-api's faceLandmark68Net (faceFeatureExtractor/FaceFeatureExtractor.ts + denseBlock4 + the fc layer) as an
 * ONNX graph. Input: [N, 112, 112, 3] RGB 0..255 (the square, padded crop); output: [N, 136] landmark positions
 * relative to that 112x112 input, x0 y0 x1 y1 ... (face-api's raw fc output).
 */
import { GraphBuilder } from './graph-builder';
import { conv, convFilterToOihw, depthwiseFilterToOihw, normalizeMeanRgb, type WeightTensor } from './layers';

export const LANDMARK_INPUT_SIZE = 112;
export const MEAN_RGB = [122.782, 117.001, 104.298] as const;

interface SeparableConvParams {
  depthwise_filter: WeightTensor;
  pointwise_filter: WeightTensor;
  bias: WeightTensor;
}
interface DenseBlockParams {
  conv0: SeparableConvParams | { filters: WeightTensor; bias: WeightTensor };
  conv1: SeparableConvParams;
  conv2: SeparableConvParams;
  conv3: SeparableConvParams;
}
export interface Landmark68Params {
  extractor: { dense0: DenseBlockParams; dense1: DenseBlockParams; dense2: DenseBlockParams; dense3: DenseBlockParams };
  fc: { weights: WeightTensor; bias: WeightTensor };
}

/** tf.separableConv2d (depthwise with stride, then pointwise) + bias. */
function separable(g: GraphBuilder, x: string, p: SeparableConvParams, stride: number): string {
  const dw = depthwiseFilterToOihw(p.depthwise_filter);
  const y = conv(g, x, { filter: dw, stride, padding: 'same', group: dw.dims[0] });
  return conv(g, y, { filter: convFilterToOihw(p.pointwise_filter), bias: p.bias.data, stride: 1, padding: 'same' });
}

function denseBlock4(g: GraphBuilder, x: string, p: DenseBlockParams, isFirst: boolean): string {
  const c0 = p.conv0;
  const first =
    isFirst && 'filters' in c0
      ? conv(g, x, { filter: convFilterToOihw(c0.filters), bias: c0.bias.data, stride: 2, padding: 'same' })
      : separable(g, x, c0 as SeparableConvParams, 2);
  const out1 = g.op('Relu', [first]);
  const out2 = separable(g, out1, p.conv1, 1);
  const in3 = g.op('Relu', [g.op('Add', [out1, out2])]);
  const out3 = separable(g, in3, p.conv2, 1);
  const in4 = g.op('Relu', [g.op('Add', [out1, g.op('Add', [out2, out3])])]);
  const out4 = separable(g, in4, p.conv3, 1);
  return g.op('Relu', [g.op('Add', [out1, g.op('Add', [out2, g.op('Add', [out3, out4])])])]);
}

/** The landmark net's weights as face-api-weights.ts reads them (the fc layer sits one level down). */
export function landmark68Params(raw: { extractor: unknown; fc: unknown }): Landmark68Params {
  return { extractor: raw.extractor, fc: (raw.fc as { fc: unknown }).fc } as Landmark68Params;
}

export function buildLandmark68Graph(params: Landmark68Params): Uint8Array {
  const g = new GraphBuilder();
  let x = normalizeMeanRgb(g, 'image', MEAN_RGB);
  const e = params.extractor;
  x = denseBlock4(g, x, e.dense0, true);
  x = denseBlock4(g, x, e.dense1, false);
  x = denseBlock4(g, x, e.dense2, false);
  x = denseBlock4(g, x, e.dense3, false);
  // avgPool 7x7 stride 2 'valid' on the 7x7 map = one global average.
  x = g.op('AveragePool', [x], { kernel_shape: [7, 7], strides: [2, 2] });
  x = g.op('Flatten', [x], { axis: 1 });
  const [cin, cout] = params.fc.weights.shape;
  const w = g.floats(params.fc.weights.data, [cin, cout], 'fc_w');
  g.op('Add', [g.op('MatMul', [x, w]), g.floats(params.fc.bias.data, [cout], 'fc_b')], {}, 'landmarks');
  return g.build(
    'face_landmark_68',
    [{ name: 'image', dims: ['N', LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3] }],
    [{ name: 'landmarks', dims: ['N', 136] }],
  );
}
