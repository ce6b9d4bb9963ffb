/**
 * Adam (Kingma & Ba) on plain Float32Arrays, with tf.train.adam's update and defaults (β1 0.9, β2 0.999, ε 1e-7
 * added to √v̂), and the head's pull towards its starting point, μ‖θ − target‖², folded into the same pass (its
 * gradient 2μ(θ − target) joins the loss's). The head has 16k-100k parameters: a tfjs optimizer spends ~20
 * kernel launches per variable per step on them, more than the rest of the step on WASM; here it is one loop.
 */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** μ of the pull, and per parameter the target it is pulled towards (null: not pulled). */
  readonly pull?: { readonly mu: number; readonly targets: readonly (Float32Array | null)[] };
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
    private readonly o: AdamOptions,
  ) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
    this.lr = o.learningRate;
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.epsilon ?? 1e-7;
    o.pull?.targets.forEach((t, i) => {
      if (t && t.length !== params[i].length) throw new Error(`pull target ${i} does not match its parameter`);
    });
  }

  /**
   * One update of every parameter in place; `grads[i]` (the loss's gradient) matches `params[i]`. Returns the
   * pull's value μ‖θ − target‖² at the weights the gradient was taken at.
   */
  step(grads: readonly Float32Array[]): number {
    this.t++;
    // lr·(m/c1)/(√(v/c2) + ε) = a·m/(√v + ε√c2) with a = lr·√c2/c1: two divisions fewer per weight.
    const c1 = 1 - this.b1 ** this.t;
    const rootC2 = Math.sqrt(1 - this.b2 ** this.t);
    const a = (this.lr * rootC2) / c1;
    const eps = this.eps * rootC2;
    const mu = this.o.pull?.mu ?? 0;
    let pulled = 0;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i];
      const g = grads[i];
      if (g.length !== p.length) throw new Error(`gradient ${i} has ${g.length} values for ${p.length} parameters`);
      const target = this.o.pull?.targets[i] ?? null;
      pulled += update(p, g, this.m[i], this.v[i], this.b1, this.b2, a, eps, target, target ? mu : 0);
    }
    return mu * pulled;
  }
}

/** Returns ‖p − target‖² before the update (0 when not pulled). */
function update(
  p: Float32Array,
  g: Float32Array,
  m: Float64Array,
  v: Float64Array,
  b1: number,
  b2: number,
  a: number,
  eps: number,
  target: Float32Array | null,
  mu: number,
): number {
  const n = p.length;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  let pulled = 0;
  for (let k = 0; k < n; k++) {
    let gk = g[k];
    if (target) {
      const diff = p[k] - target[k];
      pulled += diff * diff;
      gk += 2 * mu * diff;
    }
    const mk = b1 * m[k] + c1 * gk;
    const vk = b2 * v[k] + c2 * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] -= (a * mk) / (Math.sqrt(vk) + eps);
  }
  return pulled;
}
