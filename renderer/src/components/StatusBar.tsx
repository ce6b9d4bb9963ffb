import { call } from '../api';
import { useJobs, useQuery } from '../hooks';
import { useUndo } from '../undo';

/** Runtime (GPU or CPU), the running job, and undo — always visible. */
export function StatusBar() {
  const runtime = useQuery('runtime.info', {}, ['photos']);
  const undo = useQuery('people.undoInfo', {}, ['people', 'faces']);
  const running = useJobs().filter((j) => j.state === 'running');
  const { undoLast, redo } = useUndo();
  const rt = runtime.data;
  return (
    <footer className="statusbar">
      <span className={`runtime ${rt?.gpu ? 'gpu' : ''}`} title={rt?.reason}>
        {rt?.name ? `${rt.gpu ? 'GPU' : 'CPU'} · ${rt.name}` : 'Models not loaded'}
      </span>
      {running.map((j) => (
        <span key={j.id} className="status-job" data-testid="status-job">
          {j.label}
          {j.total > 0 && ` ${Math.round((100 * j.done) / j.total)}%`}
          <button className="link" onClick={() => void call('jobs.cancel', { jobId: j.id })}>
            cancel
          </button>
        </span>
      ))}
      <span className="spacer" />
      <button
        className="ghost small"
        disabled={!undo.data?.label}
        title={undo.data?.label ? `Undo ${undo.data.label} (Ctrl+Z)` : 'Nothing to undo'}
        // a double click is one undo however slow the engine is: the second click of a pair (detail 2) is dropped
        onClick={(e) => e.detail < 2 && void undoLast()}
      >
        Undo{undo.data?.label ? `: ${undo.data.label}` : ''}
      </button>
      {!!undo.data?.redoLabel && (
        <button
          className="ghost small"
          title={`Redo ${undo.data.redoLabel} (Shift+Ctrl+Z)`}
          onClick={() => void redo()}
        >
          Redo: {undo.data.redoLabel}
        </button>
      )}
    </footer>
  );
}
