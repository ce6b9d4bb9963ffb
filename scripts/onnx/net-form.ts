/**
 * One network graph, three forms (`NetForm`): float32; int8, where every conv runs on ORT's integer kernels with
 * uint8 activations whose ranges were measured on calibration images; and `calibration`, the float32 graph that
 * also outputs every activation the int8 form quantises (named `range:<label>`), so those ranges can be measured
 * (scripts/onnx/calibrate.ts). A graph converter writes its convs and activations through `FormWriter`, naming
 * each activation with a stable label, and gets any of the three.
 */
import type { GraphBuilder, ValueSpec } from './graph-builder';
import { conv, type ConvSpec } from './layers';
import { activationQuant, qdq, quantizedConv, type ActivationQuant } from './quantize';

/** Measured [min, max] of each quantised activation, by label (e.g. `conv64_1.conv2`). */
export type ActivationRanges = Readonly<Record<string, readonly [number, number]>>;

export type NetForm =
  | { readonly kind: 'float32' }
  | { readonly kind: 'int8'; readonly ranges: ActivationRanges }
  | { readonly kind: 'calibration' };

/** A tensor and, in the int8 form, the uint8 quantisation it carries (its value is already QDQ'd). */
export interface Act {
  readonly name: string;
  readonly quant: ActivationQuant | null;
}

export class FormWriter {
  /** The calibration form's extra outputs. */
  readonly taps: ValueSpec[] = [];
  constructor(
    readonly g: GraphBuilder,
    private readonly form: NetForm,
  ) {}

  /** The graph's input after normalisation, whose range `[lo, hi]` is known whatever the image. */
  input(name: string, lo: number, hi: number): Act {
    if (this.form.kind !== 'int8') return { name, quant: null };
    const quant = activationQuant(lo, hi);
    return { name: qdq(this.g, name, quant), quant };
  }

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
