/**
 * A minimal ONNX graph writer over the `onnx-proto` protobuf schema: initialisers, nodes, one model.
 * Only what the three face-api networks need; opset 13, float32, NCHW inside the graph.
 */
import { onnx } from 'onnx-proto';

export const OPSET = 13;

/** An attribute: integers become INT, integer lists INTS, strings STRING (no float attributes are needed). */
export type Attr = number | number[] | string;

export interface ValueSpec {
  readonly name: string;
  /** A number is a fixed size, a string a symbolic one (the batch). */
  readonly dims: readonly (number | string)[];
}

function attribute(name: string, value: Attr): onnx.IAttributeProto {
  if (typeof value === 'string') {
    return { name, type: onnx.AttributeProto.AttributeType.STRING, s: Buffer.from(value, 'utf8') };
  }
  if (Array.isArray(value)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value };
  if (!Number.isInteger(value)) throw new Error(`attribute ${name}: only integer attributes are supported`);
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

function valueInfo(spec: ValueSpec): onnx.IValueInfoProto {
  return {
    name: spec.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: spec.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  private fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  /** A float32 constant (weights, biases, anchors). */
  floats(values: Float32Array, dims: readonly number[], hint = 'w'): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`${hint}: ${values.length} values for dims [${dims.join(',')}]`);
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dataType: onnx.TensorProto.DataType.FLOAT,
      dims: [...dims],
      rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
    });
    return name;
  }

  /** An integer constant (quantised weights, zero points, int32 biases). */
  ints(values: Int8Array | Uint8Array | Int32Array, dims: readonly number[], hint = 'q'): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`${hint}: ${values.length} values for dims [${dims.join(',')}]`);
    const T = onnx.TensorProto.DataType;
    const dataType = values instanceof Int8Array ? T.INT8 : values instanceof Uint8Array ? T.UINT8 : T.INT32;
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dataType,
      dims: [...dims],
      rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
    });
    return name;
  }

  scalar(value: number, hint = 'c'): string {
    return this.floats(new Float32Array([value]), [], hint);
  }

  /** An int64 constant (shapes, pads, slice bounds: inputs in opset 13). */
  int64s(values: readonly number[], hint = 'i'): string {
    const name = this.fresh(hint);
    const raw = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({
      name,
      dataType: onnx.TensorProto.DataType.INT64,
      dims: [values.length],
      rawData: new Uint8Array(raw.buffer),
    });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outputName ? [outputName] : undefined)[0];
  }

  opN(
    opType: string,
    inputs: readonly string[],
    outputs: number,
    attrs: Record<string, Attr> = {},
    names?: string[],
  ): string[] {
    const out = names ?? Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push({
      opType,
      name: this.fresh(`n_${opType}`),
      input: [...inputs],
      output: out,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** Serialises the graph as a model (IR 7, opset 13). */
  build(graphName: string, inputs: readonly ValueSpec[], outputs: readonly ValueSpec[]): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'facet-build-models',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
