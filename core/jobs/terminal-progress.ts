/**
 * A progress line for long jobs on a terminal: redrawn in place on a TTY (at most ~10 times a second),
 * plain lines now and then when stderr is a file or a pipe (logs stay readable).
 */
export interface ProgressLine {
  readonly done: number;
  readonly total: number;
  /** Extra figures, e.g. "42 faces". */
  readonly detail?: string;
  /** Units per second, null when unknown. */
  readonly rate: number | null;
  readonly etaSeconds: number | null;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatProgress(p: ProgressLine, unit: string, barWidth = 24): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(frac * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const parts = [`${bar} ${p.done}/${p.total} ${unit}`];
  if (p.detail) parts.push(p.detail);
  if (p.rate !== null) parts.push(`${p.rate.toFixed(1)} ${unit}/s`);
  if (p.etaSeconds !== null && p.done < p.total) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  return parts.join('  ');
}

export class TerminalProgress {
  private lastDraw = 0;
  private lastPlainFraction = -1;
  private drawn = false;

  constructor(
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(p: ProgressLine): void {
    const t = this.now();
    const finished = p.done >= p.total;
    if (this.stream.isTTY) {
      if (!finished && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      const line = formatProgress(p, this.unit).slice(0, Math.max(20, (this.stream.columns ?? 120) - 1));
      this.stream.write(`\r\x1b[2K${line}`);
      this.drawn = true;
      return;
    }
    // Plain output: a line every 10% or every 10 s, and the last one.
    const fraction = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 10;
    if (!finished && fraction === this.lastPlainFraction && t - this.lastDraw < 10_000) return;
    if (finished && this.lastPlainFraction === 10) return;
    this.lastPlainFraction = finished ? 10 : fraction;
    this.lastDraw = t;
    this.stream.write(formatProgress(p, this.unit) + '\n');
  }

  /** Ends the in-place line so that what follows starts on a fresh line. */
  end(): void {
    if (this.drawn && this.stream.isTTY) this.stream.write('\n');
    this.drawn = false;
  }
}
