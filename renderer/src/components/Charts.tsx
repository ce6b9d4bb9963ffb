import type { Histogram, OperatingPoint, RocPoint } from '../../../core/api/contract';

const W = 420;
const H = 220;
const PAD = { l: 40, r: 12, t: 12, b: 30 };
const iw = W - PAD.l - PAD.r;
const ih = H - PAD.t - PAD.b;

/** Same- and different-person distance densities (each normalised to its own total) with the threshold line. */
export function DistanceHistogram({ h, threshold }: { h: Histogram; threshold: number }) {
  const bins = Math.max(h.same.length, h.diff.length);
  if (!bins) return <p className="muted">Name at least two people to see their distance distributions.</p>;
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0) || 1;
  const [ss, sd] = [sum(h.same), sum(h.diff)];
  const dens = (a: number[], s: number) => a.map((v) => v / s);
  const same = dens(h.same, ss);
  const diff = dens(h.diff, sd);
  const top = Math.max(...same, ...diff, 1e-9);
  const maxX = h.start + h.width * bins;
  const x = (d: number) => PAD.l + ((d - h.start) / maxX) * iw;
  const y = (v: number) => PAD.t + ih - (v / top) * ih;
  const path = (a: number[]) =>
    a.map((v, i) => `${i ? 'L' : 'M'}${x(h.start + (i + 0.5) * h.width).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const area = (a: number[]) => `${path(a)}L${x(maxX).toFixed(1)},${y(0)}L${x(0)},${y(0)}Z`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="Distance histograms">
      <path d={area(diff)} className="area-diff" />
      <path d={area(same)} className="area-same" />
      <path d={path(diff)} className="line-diff" />
      <path d={path(same)} className="line-same" />
      <line x1={x(threshold)} x2={x(threshold)} y1={PAD.t} y2={PAD.t + ih} className="threshold-line" />
      <text
        x={x(threshold) + (x(threshold) > PAD.l + iw * 0.7 ? -4 : 4)}
        y={PAD.t + 12}
        className="chart-note"
        textAnchor={x(threshold) > PAD.l + iw * 0.7 ? 'end' : 'start'}
      >
        threshold {threshold.toFixed(2)}
      </text>
      <line x1={PAD.l} x2={PAD.l + iw} y1={y(0)} y2={y(0)} className="axis" />
      {[0, 0.5, 1, 1.5, 2]
        .filter((t) => t <= maxX)
        .map((t) => (
          <text key={t} x={x(t)} y={H - 10} className="tick" textAnchor="middle">
            {t}
          </text>
        ))}
      <text x={PAD.l + iw} y={H - 10} className="tick" textAnchor="end">
        distance
      </text>
      <g className="legend" transform={`translate(${PAD.l + 8}, ${PAD.t + 6})`}>
        <rect width={10} height={10} className="area-same" />
        <text x={14} y={9}>
          same person
        </text>
        <rect x={0} y={16} width={10} height={10} className="area-diff" />
        <text x={14} y={25}>
          different people
        </text>
      </g>
    </svg>
  );
}

/** VAL against FAR on a log axis, with the current operating point. */
export function RocChart({ roc, at }: { roc: RocPoint[]; at: OperatingPoint | null }) {
  if (!roc.length) return <p className="muted">The ROC needs same- and different-person pairs.</p>;
  const positive = roc.filter((p) => p.far > 0).map((p) => p.far);
  const minFar = Math.min(...positive, 1e-3);
  const lo = Math.floor(Math.log10(minFar));
  const x = (far: number) => PAD.l + ((Math.log10(Math.max(far, 10 ** lo)) - lo) / -lo) * iw;
  const y = (val: number) => PAD.t + ih - val * ih;
  const d = roc.map((p, i) => `${i ? 'L' : 'M'}${x(p.far).toFixed(1)},${y(p.val).toFixed(1)}`).join('');
  const decades = Array.from({ length: -lo + 1 }, (_, i) => lo + i);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="ROC curve">
      {decades.map((e) => (
        <g key={e}>
          <line x1={x(10 ** e)} x2={x(10 ** e)} y1={PAD.t} y2={PAD.t + ih} className="grid" />
          <text x={x(10 ** e)} y={H - 10} className="tick" textAnchor="middle">
            {e === 0 ? '1' : `1e${e}`}
          </text>
        </g>
      ))}
      {[0, 0.5, 1].map((v) => (
        <text key={v} x={PAD.l - 6} y={y(v) + 4} className="tick" textAnchor="end">
          {v}
        </text>
      ))}
      <path d={d} className="roc-line" />
      {at && (
        <g>
          <circle cx={x(at.far)} cy={y(at.val)} r={5} className="op-point" />
          <text
            x={x(at.far) + (x(at.far) > PAD.l + iw * 0.6 ? -8 : 8)}
            y={y(at.val) + 16}
            className="chart-note"
            textAnchor={x(at.far) > PAD.l + iw * 0.6 ? 'end' : 'start'}
          >
            VAL {(100 * at.val).toFixed(1)}% @ FAR {at.far.toExponential(1)}
          </text>
        </g>
      )}
      <text x={PAD.l + iw} y={PAD.t + ih - 4} className="tick" textAnchor="end">
        FAR (log)
      </text>
    </svg>
  );
}

/** A small line chart of training loss. */
export function LossChart({ loss }: { loss: readonly number[] }) {
  if (loss.length < 2) return <p className="muted">The loss curve appears as training runs.</p>;
  const top = Math.max(...loss) || 1;
  const x = (i: number) => PAD.l + (i / (loss.length - 1)) * iw;
  const y = (v: number) => PAD.t + ih - (v / top) * ih;
  const d = loss.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="Training loss">
      <line x1={PAD.l} x2={PAD.l + iw} y1={y(0)} y2={y(0)} className="axis" />
      <path d={d} className="roc-line" />
      <text x={PAD.l - 6} y={y(top) + 4} className="tick" textAnchor="end">
        {top.toPrecision(2)}
      </text>
      <text x={PAD.l - 6} y={y(0) + 4} className="tick" textAnchor="end">
        0
      </text>
      <text x={PAD.l + iw} y={H - 10} className="tick" textAnchor="end">
        step
      </text>
    </svg>
  );
}
