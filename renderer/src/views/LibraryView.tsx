import { call } from '../api';
import { AddFolder } from '../components/AddFolder';
import { JobProgress } from '../components/ProgressBar';
import { useJob, useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf } from '../people-text';

export function LibraryView() {
  const status = useQuery('library.status', {}, ['folders', 'photos', 'faces', 'people']);
  const errors = useQuery('library.errors', { limit: 200 }, ['photos', 'folders']);
  const missing = useQuery('library.missing', {}, ['photos', 'folders', 'faces', 'people']);
  const gone = missing.data?.items ?? [];
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
            {gone.length > 0 && ` · ${gone.length} missing from disk`}
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

      {gone.length > 0 && (
        <details className="missing" open data-testid="missing-photos">
          <summary>{countOf(gone.length, 'photo')} missing from disk, kept for your labels</summary>
          <p className="muted small">
            Moved or deleted outside Facet. A scan finds a moved photo again (by its content) and it keeps its labels;
            forget them only if they are gone for good.
          </p>
          <ul>
            {gone.map((m) => (
              <li key={m.id}>
                <span className="path">{m.path}</span>{' '}
                <span className="muted">— {missingLabels(m.names, m.otherMarks)}</span>
              </li>
            ))}
          </ul>
          <button
            className="ghost small danger"
            onClick={() => {
              const ids = gone.map((m) => m.id);
              const what = countOf(ids.length, 'missing photo');
              if (confirm(`Forget ${what} and the labels on them? A backup of the library is taken first.`))
                void act(
                  () => call('library.forgetMissing', { photoIds: ids }),
                  (r) => `Forgot ${countOf(r.forgotten, 'missing photo')} (a backup was taken first)`,
                );
            }}
          >
            Forget these photos
          </button>
        </details>
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

/** What a missing photo still holds: the names the user gave, and other marks (as `facet missing` says it). */
function missingLabels(names: readonly string[], otherMarks: number): string {
  const parts = [];
  if (names.length) parts.push(names.join(', '));
  if (otherMarks) parts.push(`${otherMarks} rejected or "not this person" ${otherMarks === 1 ? 'mark' : 'marks'}`);
  return parts.join('; ');
}
