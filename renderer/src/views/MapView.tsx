import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MapPoint } from '../../../core/api/contract';
import { call } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { JobProgress } from '../components/ProgressBar';
import { go, useJob, useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf, personColour } from '../people-text';

const R = 4;
const MARGIN = 24;

/** The embedding space in 2-D (UMAP), one dot per face, coloured by person. */
export function MapView() {
  const map = useQuery('map.get', {}, ['map', 'people', 'faces']);
  const people = useQuery('people.list', {}, ['people']);
  const job = useJob('map');
  const act = useAction();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ p: MapPoint; x: number; y: number } | null>(null);
  const points = map.data?.points ?? [];
  const tip = useRef<HTMLDivElement>(null);
  const [tipAt, setTipAt] = useState<{ left: number; top: number } | null>(null);
  // A layout older than the faces found since (a scan after it) is redrawn when the map is opened, once.
  const stale = !!map.data && map.data.facesNow > points.length;
  const redrawn = useRef(false);
  useEffect(() => {
    if (!stale || redrawn.current || job?.state === 'running') return;
    redrawn.current = true;
    void act(() => call('map.compute', {}));
  }, [stale, job?.state, act]);
  // The tooltip goes right of and below the dot, or left of / above it where it would leave the map.
  useLayoutEffect(() => {
    const t = tip.current;
    const c = canvas.current;
    if (!hover || !t || !c) return setTipAt(null);
    const { width, height } = c.getBoundingClientRect();
    const w = t.offsetWidth;
    const h = t.offsetHeight;
    setTipAt({
      left: hover.x + 12 + w <= width ? hover.x + 12 : Math.max(0, hover.x - 12 - w),
      top: hover.y + 12 + h <= height ? hover.y + 12 : Math.max(0, hover.y - 12 - h),
    });
  }, [hover]);
  const names = new Map((people.data ?? []).map((p) => [p.id, p.name]));

  const place = (p: MapPoint, w: number, h: number) => ({
    x: MARGIN + p.x * (w - 2 * MARGIN),
    y: MARGIN + p.y * (h - 2 * MARGIN),
  });

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = c.getBoundingClientRect();
      c.width = width * dpr;
      c.height = height * dpr;
      const g = c.getContext('2d');
      if (!g) return;
      g.scale(dpr, dpr);
      g.clearRect(0, 0, width, height);
      for (const p of points) {
        const { x, y } = place(p, width, height);
        g.beginPath();
        g.arc(x, y, R, 0, Math.PI * 2);
        g.fillStyle = personColour(p.personId);
        g.globalAlpha = p.personId === null ? 0.5 : 0.9;
        g.fill();
      }
      c.dataset.points = String(points.length);
    };
    draw();
    const ro = new ResizeObserver(draw);
    ro.observe(c);
    return () => ro.disconnect();
  }, [points]);

  const nearest = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    let best: { p: MapPoint; x: number; y: number; d: number } | null = null;
    for (const p of points) {
      const { x, y } = place(p, rect.width, rect.height);
      const d = (x - mx) ** 2 + (y - my) ** 2;
      if (d < 100 && (!best || d < best.d)) best = { p, x, y, d };
    }
    return best;
  };

  return (
    <section className="view map">
      <header className="view-head">
        <h1>Map</h1>
        <button
          className="primary"
          disabled={job?.state === 'running'}
          onClick={() => void act(() => call('map.compute', {}))}
        >
          {points.length ? 'Recompute' : 'Draw the map'}
        </button>
        <p className="muted">
          {points.length
            ? `${countOf(points.length, 'face')}${stale ? ` (${map.data!.facesNow} now: redrawing)` : ''}; close dots are faces the network finds alike. Hover to see one, click to open the person.`
            : 'Lay out every face in 2-D (UMAP) to see how the network groups them.'}
        </p>
      </header>
      {points.length > 0 && (
        <div className="map-legend">
          {[...new Set(points.map((p) => p.personId))]
            .filter((id): id is number => id !== null && names.has(id))
            .slice(0, 24)
            .map((id) => (
              <span key={id}>
                <i style={{ background: personColour(id) }} />
                {names.get(id) ?? 'Unnamed'}
              </span>
            ))}
          <span>
            <i style={{ background: personColour(null) }} />
            Unsorted
          </span>
        </div>
      )}
      {job?.state === 'running' && (
        <JobProgress job={job} unit="epochs" onCancel={() => void call('jobs.cancel', { jobId: job.id })} />
      )}
      <div className="map-wrap">
        <canvas
          ref={canvas}
          className="map-canvas"
          data-testid="map-canvas"
          onMouseMove={(e) => {
            const n = nearest(e);
            setHover(n && { p: n.p, x: n.x, y: n.y });
          }}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const n = nearest(e);
            if (n?.p.personId) go(`person/${n.p.personId}`);
          }}
          style={{ cursor: hover?.p.personId ? 'pointer' : 'default' }}
        />
        {hover && (
          <div
            ref={tip}
            className="map-tip"
            style={
              tipAt
                ? { left: tipAt.left, top: tipAt.top }
                : { left: hover.x + 12, top: hover.y + 12, visibility: 'hidden' }
            }
          >
            <FaceThumb faceId={hover.p.faceId} size={72} />
            <span>{hover.p.personId ? (names.get(hover.p.personId) ?? 'Unnamed') : 'Unsorted'}</span>
          </div>
        )}
      </div>
    </section>
  );
}
