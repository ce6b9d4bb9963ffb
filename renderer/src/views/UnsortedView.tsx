import { useEffect, useRef, useState } from 'react';
import { call } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { MovePicker } from '../components/MovePicker';
import { useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf } from '../people-text';
import { useSkips } from '../review-skips';

/**
 * Review faces nobody is assigned to: Enter accepts the first suggestion when the naming rule would (never a
 * person it rejects: then the face is "probably nobody you have named"), 1-3 pick one, S (or →) skips, B (or ←)
 * goes back to the last skipped face, X marks "not a face", N types a new name.
 */
export function UnsortedView({ openPhoto }: { openPhoto: (id: number) => void }) {
  const unsorted = useQuery('unsorted.list', { limit: 200 }, ['people', 'faces']);
  const skips = useSkips();
  const skipped = skips.skipped;
  const [name, setName] = useState('');
  const [picking, setPicking] = useState(false);
  const act = useAction();
  const queue = (unsorted.data?.items ?? []).filter((u) => !skipped.has(u.face.id));
  const current = queue[0];

  const accept = async (personId: number) => {
    if (!current) return;
    await act(() => call('unsorted.accept', { faceId: current.face.id, personId }));
  };
  const skip = () => current && skips.skip(current.face.id);
  const notAFace = () => current && void act(() => call('people.rejectFaces', { faceIds: [current.face.id] }));
  const nameField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      // a field takes its own keys, and a focused button its Enter (Enter on "Not a face" is not "accept")
      if (picking || e.ctrlKey || e.metaKey || e.altKey || t.closest('input, textarea, select, [role="dialog"]'))
        return;
      if (e.key === 'b' || e.key === 'ArrowLeft') {
        if (skips.back() !== null) e.preventDefault();
        return;
      }
      if (!current) return;
      if ((e.key === 'Enter' || e.key === ' ') && t.closest('button, a')) return;
      if (e.key === 'Enter' && current.suggestions[0]?.withinRule) void accept(current.suggestions[0].personId);
      else if (/^[1-3]$/.test(e.key) && current.suggestions[Number(e.key) - 1])
        void accept(current.suggestions[Number(e.key) - 1].personId);
      else if (e.key === 's' || e.key === 'ArrowRight') skip();
      else if (e.key === 'x' || e.key === 'Delete') notAFace();
      else if (e.key === 'n') nameField.current?.focus();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="view unsorted">
      <header className="view-head">
        <h1>Unsorted</h1>
        <p className="muted">
          {countOf(unsorted.data?.total ?? 0, 'face')} {unsorted.data?.total === 1 ? 'belongs' : 'belong'} to nobody yet
          {skips.count ? ` · ${skips.count} skipped (B goes back)` : ''}
        </p>
      </header>
      {!current ? (
        <p className="empty">Nothing to review. New faces that match nobody will wait here.</p>
      ) : (
        <div className="review">
          <button
            className="review-face"
            onClick={() => openPhoto(current.face.photoId)}
            title="Open the photo"
            data-face-id={current.face.id}
            data-photo-id={current.face.photoId}
          >
            <FaceThumb faceId={current.face.id} size={220} />
          </button>
          <div className="review-side">
            <h2>Who is this?</h2>
            {!current.suggestions[0]?.withinRule && (
              <p className="probably-nobody" data-testid="probably-nobody">
                Probably nobody you have named.
              </p>
            )}
            {current.suggestions.length ? (
              <ol className="suggestions">
                {current.suggestions.slice(0, 3).map((s, i) => (
                  <li key={s.personId}>
                    <button onClick={() => void accept(s.personId)}>
                      <kbd>{i === 0 && s.withinRule ? 'Enter' : i + 1}</kbd> {s.name ?? `Unnamed #${s.personId}`}
                      <span className="muted"> · distance {s.distance.toFixed(2)}</span>
                    </button>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No named person is close to this face.</p>
            )}
            <form
              className="name-form"
              onSubmit={async (e) => {
                e.preventDefault();
                if (!name.trim()) return;
                const r = await act(() => call('people.create', { faceIds: [current.face.id], name: name.trim() }));
                if (r) setName('');
              }}
            >
              <input
                ref={nameField}
                value={name}
                aria-label="New name"
                placeholder="…or type a new name"
                onChange={(e) => setName(e.target.value)}
                onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
              />
              <button type="submit">Add</button>
            </form>
            <div className="review-actions">
              <button onClick={() => setPicking(true)}>Choose a person…</button>
              <button className="ghost" onClick={skip}>
                <kbd>S</kbd> Skip
              </button>
              <button className="ghost" onClick={notAFace}>
                <kbd>X</kbd> Not a face
              </button>
            </div>
          </div>
          {picking && (
            <MovePicker
              title="Who is this?"
              faceIds={[current.face.id]}
              onClose={() => setPicking(false)}
              onPick={(to) => {
                setPicking(false);
                if (to.kind === 'person') void accept(to.person.id);
                else
                  void act(() =>
                    call('people.create', { faceIds: [current.face.id], ...(to.name ? { name: to.name } : {}) }),
                  );
              }}
            />
          )}
          <div className="queue">
            {queue.slice(1, 25).map((u) => (
              <FaceThumb key={u.face.id} faceId={u.face.id} size={48} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
