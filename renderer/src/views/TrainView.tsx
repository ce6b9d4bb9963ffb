import { useState } from 'react';
import { call } from '../api';
import { LossChart } from '../components/Charts';
import { JobProgress } from '../components/ProgressBar';
import { useJob, useQuery } from '../hooks';
import { useAction } from '../notify';

const fmt = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Fine-tune the embedding on the user's labels; compare versions; keep or roll back. */
export function TrainView() {
  const versions = useQuery('train.list', {}, ['models']);
  const status = useQuery('library.status', {}, ['people']);
  const job = useJob('train');
  const act = useAction();
  const list = versions.data ?? [];
  const active = list.find((v) => v.active);
  const [expert, setExpert] = useState(false);
  return (
    <section className="view train">
      <header className="view-head">
        <h1>Train</h1>
        <button
          className="primary"
          disabled={job?.state === 'running'}
          onClick={() =>
            void act(
              () => call('train.start', {}),
              () => 'Training started',
            )
          }
        >
          Train on my labels
        </button>
        <p className="muted">
          Teaches Facet the {status.data?.namedPeople ?? 0} people you named, on this computer. A new version is put to
          use only when it names new photos of them better without naming more strangers.
          {active ? ` In use: ${active.name}.` : ' In use: the original network.'}
        </p>
      </header>
      {job && (
        <div className="card">
          <JobProgress job={job} unit="steps" onCancel={() => void call('jobs.cancel', { jobId: job.id })} />
          <LossChart loss={job.loss ?? []} />
        </div>
      )}
      <table className="versions" data-testid="versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Trained</th>
            <th className="num" title="VAL at the FAR shown">
              Same-person pairs recognised, before → after
            </th>
            {expert && <th className="num">AUC before → after</th>}
            {expert && <th className="num">Threshold</th>}
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.id} className={v.active ? 'active' : ''}>
              <td>
                {v.name} {v.active && <span className="chip">in use</span>}
              </td>
              <td>{dateTime.format(new Date(v.createdAt))}</td>
              <td className="num">
                {fmt(v.metrics.valBefore)} → <strong>{fmt(v.metrics.valAfter)}</strong>
                {v.metrics.far !== null && (
                  <span className="muted">
                    {' '}
                    {expert
                      ? `@FAR ${v.metrics.far.toExponential(0)}`
                      : `with 1 in ${Math.round(1 / v.metrics.far).toLocaleString('en')} wrong matches`}
                  </span>
                )}
              </td>
              {expert && (
                <td className="num">
                  {fmt(v.metrics.aucBefore)} → <strong>{fmt(v.metrics.aucAfter)}</strong>
                </td>
              )}
              {expert && <td className="num">{fmt(v.threshold, 2)}</td>}
              <td className="actions">
                {!v.active && (
                  <button
                    className="ghost small"
                    onClick={() => void act(() => call('train.activate', { modelId: v.id }))}
                  >
                    Activate
                  </button>
                )}
                {v.active && (
                  <button className="ghost small" onClick={() => void act(() => call('train.rollback', {}))}>
                    Roll back
                  </button>
                )}
              </td>
            </tr>
          ))}
          {!list.length && (
            <tr>
              <td colSpan={expert ? 6 : 4} className="empty">
                No trained versions yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <label className="muted small expert-toggle">
        <input type="checkbox" checked={expert} onChange={(e) => setExpert(e.target.checked)} /> Figures for experts
        (VAL, FAR, AUC, threshold)
      </label>
    </section>
  );
}
