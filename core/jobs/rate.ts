/**
 * Rate and ETA of a job from its progress over a sliding time window, so that a slow start (model loading)
 * or a fast stretch (unchanged photos) does not distort the estimate for long.
 */
export class RateMeter {
  private readonly samples: { t: number; done: number }[] = [];

  constructor(
    private readonly windowMs = 20_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `done` units are complete. */
  update(done: number): void {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  /** Units per second over the window, or null until two samples at least 0.2 s apart exist. */
  rate(): number | null {
    if (this.samples.length < 2) return null;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    const dt = (b.t - a.t) / 1000;
    return dt >= 0.2 ? (b.done - a.done) / dt : null;
  }

  /** Seconds left for `total`, or null when the rate is unknown or zero. */
  eta(total: number): number | null {
    const r = this.rate();
    const last = this.samples[this.samples.length - 1];
    if (!r || r <= 0 || !last) return null;
    return Math.max(0, (total - last.done) / r);
  }
}
