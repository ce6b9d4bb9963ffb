/**
 * Adam (Kingma & Ba) on plain Float32Arrays, with tf.train.adam's update and defaults (β1 0.9, β2 0.999, ε 1e-7
 * added to √v̂). The head has 16k-100k parameters: a tfjs optimizer spends ~20 kernel launches per variable per step on
 * them, which cost more than the rest of the step on WASM; here it is one loop, and the weights stay in JS.
 */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  private readonly lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  constructor(
    private readonly params: readonly Float32Array[],
    o: AdamOptions,
  ) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
    this.lr = o.learningRate;
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.epsilon ?? 1e-7;
  }

  /** One update of every parameter in place; `grads[i]` matches `params[i]`. */
  step(grads: readonly Float32Array[]): void {
    this.t++;
    // lr·(m/c1)/(√(v/c2) + ε) = a·m/(√v + ε√c2) with a = lr·√c2/c1: two divisions fewer per weight.
    const c1 = 1 - this.b1 ** this.t;
    const rootC2 = Math.sqrt(1 - this.b2 ** this.t);
    const a = (this.lr * rootC2) / c1;
    const eps = this.eps * rootC2;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      const g = grads[i];
      if (g.length !== p.length) throw new Error(`gradient ${i} has ${g.length} values for ${p.length} parameters`);
      update(p, g, this.m[i], this.v[i], this.b1, this.b2, a, eps);
    }
  }
}

function update(
  p: Float32Array,
  g: Float32Array,
  m: Float64Array,
  v: Float64Array,
  b1: number,
  b2: number,
  a: number,
  eps: number,
): void {
  const n = p.length;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let k = 0; k < n; k++) {
    const gk = g[k];
    const mk = b1 * m[k] + c1 * gk;
    const vk = b2 * v[k] + c2 * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] -= (a * mk) / (Math.sqrt(vk) + eps);
  }
}
