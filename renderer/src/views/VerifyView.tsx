import { useEffect, useState } from 'react';
import type { MatchSpace, PersonSummary, Result } from '../../../core/api/contract';
import { call } from '../api';
import { DistanceHistogram, RocChart } from '../components/Charts';
import { FaceThumb } from '../components/FaceThumb';
import { PersonPicker } from '../components/PersonPicker';
import { useQuery } from '../hooks';
import { useAction } from '../notify';
import { personLabel } from '../people-text';

const pct = (v: number) => `${(100 * v).toFixed(v < 0.01 && v > 0 ? 2 : 1)}%`;

/** A false-accept rate as a person reads it: "1 in 1,300" rather than 7.8e-4. */
function oneIn(far: number): string {
  if (far <= 0) return 'none';
  const n = 1 / far;
  const round = n < 20 ? Math.round(n) : Number(n.toPrecision(2));
  return `1 in ${round.toLocaleString('en')}`;
}

const SPACE_NAMES: Record<MatchSpace, string> = { backbone: 'Original', adapted: 'Trained on your people' };

/** Pick a person, then one of their faces. */
function FaceSlot({ label, faceId, onPick }: { label: string; faceId: number | null; onPick: (id: number) => void }) {
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [open, setOpen] = useState(false);
  const faces = useQuery('people.faces', person ? { personId: person.id } : null, ['faces']);
  return (
    <div className="face-slot" data-testid={`slot-${label}`}>
      <button className="slot-face" onClick={() => setOpen(!open)} aria-label={`Choose face ${label}`}>
        {faceId ? <FaceThumb faceId={faceId} size={128} /> : <span className="muted">Choose face {label}</span>}
      </button>
      {person && <div className="muted">{personLabel(person)}</div>}
      {open && (
        <div className="popover">
          {!person ? (
            <PersonPicker onPick={setPerson} />
          ) : (
            <div>
              <button className="link" onClick={() => setPerson(null)}>
                ← {personLabel(person)}
              </button>
              <div className="face-strip">
                {(faces.data ?? []).slice(0, 60).map((f) => (
                  <button
                    key={f.id}
                    data-face-id={f.id}
                    onClick={() => {
                      onPick(f.id);
                      setOpen(false);
                    }}
                  >
                    <FaceThumb faceId={f.id} size={56} />
                  </button>
                ))}
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

export function VerifyView() {
  const versions = useQuery('train.list', {}, ['models']);
  const [chosen, setSpace] = useState<MatchSpace | null>(null);
  // opens on the matcher in use: the trained version when one is active
  const space: MatchSpace = chosen ?? (versions.data?.some((v) => v.active) ? 'adapted' : 'backbone');
  const stats = useQuery('verify.stats', { space }, ['people', 'faces', 'models', 'threshold']);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const pair = useQuery('verify.pair', a && b ? { faceA: a, faceB: b, space } : null, ['models', 'threshold']);
  const [slider, setSlider] = useState<number | null>(null);
  const [preview, setPreview] = useState<Result<'verify.previewThreshold'> | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const act = useAction();
  const s = stats.data;
  // The engine's threshold (stats, else the pair's own): no fallback number of the UI's own to drift from its default.
  const threshold = slider ?? s?.threshold ?? pair.data?.threshold ?? null;

  useEffect(() => {
    if (slider === null) return;
    const t = setTimeout(() => {
      call('verify.previewThreshold', { threshold: slider, space }).then(
        (r) => (setPreview(r), setPreviewError(null)),
        (err: Error) => (setPreview(null), setPreviewError(err.message)),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [slider, space]);

  const op = preview?.at ?? s?.atThreshold ?? null;

  return (
    <section className="view verify">
      <header className="view-head">
        <h1>Verify</h1>
        <p className="muted">How well Facet tells your people apart, measured on the faces you named.</p>
        <div className="tabs" role="group" aria-label="Matcher">
          {(['backbone', 'adapted'] as const).map((sp) => (
            <button key={sp} className={space === sp ? 'on' : ''} onClick={() => setSpace(sp)}>
              {SPACE_NAMES[sp]}
            </button>
          ))}
        </div>
      </header>

      <div className="card pair">
        <FaceSlot label="A" faceId={a} onPick={setA} />
        <div className="pair-result" data-testid="pair-result">
          {pair.data && threshold !== null ? (
            <>
              <div className="distance">{pair.data.distance.toFixed(3)}</div>
              <div className="muted">
                distance · threshold {threshold.toFixed(2)}
                {slider !== null && slider !== s?.threshold ? ' (not applied yet)' : ''}
              </div>
              {/* judged at the slider's threshold, as the engine judges (same person when distance <= threshold) */}
              <div className={`verdict ${pair.data.distance <= threshold ? 'same' : 'diff'}`}>
                {pair.data.distance <= threshold ? 'Same person' : 'Different people'}
              </div>
            </>
          ) : (
            <span className="muted">Choose two faces to compare</span>
          )}
        </div>
        <FaceSlot label="B" faceId={b} onPick={setB} />
      </div>

      {s && threshold !== null && (
        <div className="verify-stats">
          <div className="card figures" data-testid="verify-figures">
            <div>
              <span className="big">{op ? pct(op.val) : '—'}</span>
              <span className="muted">of pairs of photos of the same person are recognised as the same person</span>
            </div>
            <div>
              <span className="big">{op ? oneIn(op.far) : '—'}</span>
              <span className="muted">pairs of different people would be taken for the same person</span>
            </div>
            <div className="muted small">
              {s.faces} faces you labelled, {s.identities} people · {s.samePairs} same / {s.diffPairs} different pairs
              {s.sampled ? ' (sampled)' : ''}
            </div>
            <details className="expert">
              <summary>Figures for experts</summary>
              <dl>
                <dt>VAL at threshold</dt>
                <dd>{op ? pct(op.val) : '—'}</dd>
                <dt>FAR at threshold</dt>
                <dd>{op ? op.far.toExponential(1) : '—'}</dd>
                <dt>AUC</dt>
                <dd>{s.auc !== null ? s.auc.toFixed(3) : '—'}</dd>
              </dl>
            </details>
          </div>
          <div className="card">
            <h3>Distances</h3>
            <DistanceHistogram h={s.histogram} threshold={threshold} />
          </div>
          <div className="card">
            <h3>ROC</h3>
            <RocChart roc={s.roc} at={op} />
          </div>
          <div className="card threshold">
            <h3>Threshold</h3>
            <p className="muted small">
              Two faces closer than this are the same person. Lower: fewer wrong matches, more faces left for you to
              name. Each matcher has its own threshold, because training changes the distances.
            </p>
            <input
              type="range"
              min={0.2}
              max={1.0}
              step={0.01}
              value={threshold}
              aria-label="Match threshold"
              onChange={(e) => setSlider(Number(e.target.value))}
            />
            <div className="threshold-value">
              {threshold.toFixed(2)}{' '}
              {slider !== null && slider !== s.threshold && (
                <span className="muted">(was {s.threshold.toFixed(2)})</span>
              )}
            </div>
            {preview && (
              <p data-testid="threshold-preview">
                {preview.join} faces would join people, {preview.leave} would leave them.
              </p>
            )}
            {previewError && <p className="muted">{previewError}</p>}
            <button
              className="primary"
              disabled={slider === null || slider === s.threshold}
              onClick={async () => {
                const r = await act(
                  () => call('verify.applyThreshold', { threshold }),
                  (r) =>
                    `Threshold ${r.threshold.toFixed(2)}: ${r.assigned} faces assigned, ${r.unassigned} unassigned`,
                );
                if (r) setSlider(null);
              }}
            >
              Apply
            </button>
          </div>
        </div>
      )}
      {stats.error && <p className="empty">{stats.error}</p>}
    </section>
  );
}
