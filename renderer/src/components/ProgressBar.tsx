import type { JobInfo } from '../../../core/api/contract';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** Progress of a job with its rate and time left, as the Library and the status bar show it. */
export function JobProgress({ job, unit, onCancel }: { job: JobInfo; unit: string; onCancel?: () => void }) {
  const pct = job.state === 'done' ? 100 : job.total > 0 ? Math.min(100, (100 * job.done) / job.total) : 0;
  return (
    <div className={`job job-${job.state}`} data-testid={`job-${job.kind}`} data-state={job.state} data-job-id={job.id}>
      <div className="job-head">
        <strong>{job.label}</strong>
        <span className="muted">
          {job.state === 'running'
            ? job.total > 0
              ? `${job.done} of ${job.total} ${unit}`
              : job.message || 'starting…'
            : job.state === 'done'
              ? `done — ${job.message}`
              : job.state === 'cancelled'
                ? 'cancelled'
                : `failed: ${job.error ?? ''}`}
        </span>
        {job.state === 'running' && onCancel && (
          <button className="ghost small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <div className="bar" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
        <div style={{ width: `${pct}%` }} />
      </div>
      {job.state === 'running' && (
        <div className="job-foot muted">
          {job.rate !== null && (
            <span>
              {job.rate.toFixed(job.rate < 10 ? 1 : 0)} {unit}/s
            </span>
          )}
          {job.etaSeconds !== null && job.etaSeconds > 0 && <span>about {formatDuration(job.etaSeconds)} left</span>}
          {job.total > 0 && job.message && <span className="ellipsis">{job.message}</span>}
        </div>
      )}
    </div>
  );
}
