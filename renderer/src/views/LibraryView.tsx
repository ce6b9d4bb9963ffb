import { call } from '../api';
import { AddFolder } from '../components/AddFolder';
import { JobProgress } from '../components/ProgressBar';
import { useJob, useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf } from '../people-text';

export function LibraryView() {
  const status = useQuery('library.status', {}, ['folders', 'photos', 'faces', 'people']);
  const errors = useQuery('library.errors', { limit: 200 }, ['photos', 'folders']);
  const scan = useJob('scan');
  const cluster = useJob('cluster');
  const act = useAction();
  const s = status.data;
  const empty = !!s && !s.folders.length;

  return (
    <section className="view library">
      <header className="view-head">
        <h1>Library</h1>
        {s && (
          <p className="muted" data-testid="library-summary">
            {/* the photos read, as the table counts them; files that could not be read are counted apart */}
            {countOf(s.photos - s.errors, 'photo')} · {countOf(s.faces, 'face')} ·{' '}
            {countOf(s.people, 'person', 'people')} ({s.namedPeople} named) · {s.unsortedFaces} unsorted
            {s.errors > 0 && ` · ${countOf(s.errors, 'file')} could not be read`}
          </p>
        )}
      </header>

      <AddFolder focus={empty} />

      {scan && <JobProgress job={scan} unit="photos" onCancel={() => void call('jobs.cancel', { jobId: scan.id })} />}

      {cluster && <JobProgress job={cluster} unit="steps" />}

      <table className="folders">
        <thead>
          <tr>
            <th>Folder</th>
            <th className="num">Photos</th>
            <th className="num">Faces</th>
            <th className="num">Errors</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {s?.folders.map((f) => (
            <tr key={f.id}>
              <td className="path">{f.path}</td>
              <td className="num">
                {f.done}
                {f.photos !== f.done + f.errors && <span className="muted"> / {f.photos}</span>}
              </td>
              <td className="num">{f.faces}</td>
              <td className="num">{f.errors || ''}</td>
              <td className="actions">
                <button
                  className="ghost small"
                  onClick={() => void act(() => call('library.scan', { folderIds: [f.id] }))}
                >
                  Rescan
                </button>
                <button
                  className="ghost small danger"
                  onClick={() => {
                    if (confirm(`Forget ${f.path}? Its photos stay on disk; their faces and labels leave Facet.`))
                      void act(() => call('library.removeFolder', { folderId: f.id }));
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {s && !s.folders.length && (
            <tr>
              <td colSpan={5} className="empty">
                No folders yet. Add the folder where your photos live; nothing leaves this computer.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      {!!s?.faces && (
        <div className="library-tools">
          <button
            className="ghost small"
            disabled={cluster?.state === 'running' || scan?.state === 'running'}
            onClick={() => void act(() => call('people.recluster', {}))}
            title="Rebuild every guess the app made; your names, moves and removals stay"
          >
            Re-cluster people
          </button>
          <span className="muted small">Rebuilds the app's guesses; your names, moves and removals stay.</span>
        </div>
      )}

      {!!errors.data?.total && (
        <details className="errors" open={errors.data.total < 20}>
          <summary>
            {errors.data.total} {errors.data.total === 1 ? 'file' : 'files'} could not be read
          </summary>
          <ul>
            {errors.data.items.map((e) => (
              <li key={e.photoId}>
                <span className="path">{e.path}</span> <span className="muted">— {e.error}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
