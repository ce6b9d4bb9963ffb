import { useEffect, useState } from 'react';
import type { PersonSummary } from '../../../core/api/contract';
import { call } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { MovePicker } from '../components/MovePicker';
import { VirtualGrid } from '../components/VirtualGrid';
import { go, useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf, personLabel } from '../people-text';
import { useUndo } from '../undo';
import { PhotoGrid } from './PhotoGrid';

function NameEditor({ person }: { person: PersonSummary }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(person.name ?? '');
  // a name someone else already has: offer to merge into them instead of making a second person of that name
  const [taken, setTaken] = useState<PersonSummary | null>(null);
  const act = useAction();
  const { notifyDone } = useUndo();
  useEffect(() => setName(person.name ?? ''), [person.name]);
  if (!editing)
    return (
      <h1 className="person-title">
        {personLabel(person)}{' '}
        <button
          className="ghost small"
          onClick={() => {
            setName(person.name ?? ''); // not what a refused attempt left in the field
            setEditing(true);
          }}
        >
          {person.name ? 'Rename' : 'Name'}
        </button>
      </h1>
    );
  return (
    <form
      className="name-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const wanted = name.normalize('NFC').trim();
        const all = await act(() => call('people.list', { includeHidden: true }));
        const other = all?.find((q) => q.id !== person.id && q.name === wanted);
        if (other) return setTaken(other);
        const r = await act(() => call('people.rename', { personId: person.id, name }));
        if (r) setEditing(false);
      }}
    >
      {taken && (
        <p className="name-taken" role="alert">
          {taken.name} is already someone in your library: are these the same person?{' '}
          <button
            type="button"
            className="primary"
            onClick={async () => {
              const r = await act(() => call('people.merge', { personIds: [taken.id, person.id] }));
              if (r) {
                void notifyDone(`Merged into ${taken.name}`, () => go(`person/${person.id}`));
                go(`person/${r.into}`);
              }
            }}
          >
            Merge into {taken.name}
          </button>{' '}
          <button
            type="button"
            onClick={async () => {
              setTaken(null);
              const r = await act(() => call('people.rename', { personId: person.id, name }));
              if (r) setEditing(false);
            }}
          >
            Keep both
          </button>
        </p>
      )}
      <input
        autoFocus
        aria-label="Name"
        value={name}
        placeholder="Who is this?"
        onChange={(e) => {
          setName(e.target.value);
          setTaken(null);
        }}
        onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
      />
      <button type="submit" className="primary">
        Save
      </button>
    </form>
  );
}

export function PersonView({ personId, openPhoto }: { personId: number; openPhoto: (id: number) => void }) {
  const person = useQuery('people.get', { personId }, ['people', 'faces']);
  const faces = useQuery('people.faces', { personId }, ['people', 'faces']);
  const [tab, setTab] = useState<'faces' | 'photos'>('faces');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [moving, setMoving] = useState(false);
  const act = useAction();
  const { notifyDone } = useUndo();
  const list = faces.data ?? [];

  useEffect(() => setSelected(new Set()), [personId]);
  // Escape clears the selection (a picker open takes its own Escape first)
  useEffect(() => {
    if (!selected.size || moving) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSelected(new Set());
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected, moving]);

  const toggle = (index: number, shift: boolean) => {
    const next = new Set(selected);
    if (shift && anchor !== null) {
      const [a, b] = [Math.min(anchor, index), Math.max(anchor, index)];
      for (let i = a; i <= b; i++) next.add(list[i].id);
    } else if (next.has(list[index].id)) next.delete(list[index].id);
    else next.add(list[index].id);
    setAnchor(index);
    setSelected(next);
  };
  const ids = [...selected];
  // In a named person, the machine's guesses are shown as guesses until the user confirms them (issue 11).
  const named = person.data?.name != null;
  const isGuess = (f: { assignedBy: string | null }) => named && f.assignedBy === 'machine';
  const guesses = list.filter(isGuess).length;
  const selectedGuesses = list.filter((f) => selected.has(f.id) && isGuess(f)).map((f) => f.id);
  const done = (text: string, afterUndo?: () => void) => {
    setSelected(new Set());
    void notifyDone(text, afterUndo);
  };

  if (person.error)
    return (
      <section className="view">
        <p className="empty">
          This person is no longer in the library (an undo or a merge may have removed them).{' '}
          <a href="#/people">Back to People</a>
        </p>
      </section>
    );
  const p = person.data;
  if (!p) return <section className="view" />;

  return (
    <section className="view person">
      <header className="view-head person-head">
        <FaceThumb faceId={p.coverFaceId} size={72} />
        <div>
          <NameEditor person={p} />
          <p className="muted">
            {countOf(p.faceCount, 'face')}
            {p.hidden ? ' · hidden' : ''}
          </p>
        </div>
        <div className="tabs">
          <button className={tab === 'faces' ? 'on' : ''} onClick={() => setTab('faces')}>
            Faces
          </button>
          <button className={tab === 'photos' ? 'on' : ''} onClick={() => setTab('photos')}>
            Photos
          </button>
          <button
            className="ghost small"
            onClick={() => void act(() => call('people.hide', { personId, hidden: !p.hidden }))}
          >
            {p.hidden ? 'Show' : 'Hide'}
          </button>
        </div>
      </header>

      {tab === 'faces' && (
        <>
          {guesses > 0 && (
            <div className="guess-bar" data-testid="guesses">
              <span>
                {countOf(guesses, 'face')} marked <span className="guess-badge">?</span> {guesses === 1 ? 'is' : 'are'}{' '}
                the machine's {guesses === 1 ? 'guess' : 'guesses'}: select one and choose “Not {p.name}” if it is
                someone else.
              </span>
              <button
                className="primary"
                onClick={async () => {
                  const r = await act(() => call('people.confirmFaces', { personId }));
                  if (r) done(`Confirmed ${countOf(r.confirmed, 'face')} as ${personLabel(p)}`);
                }}
              >
                Confirm all
              </button>
            </div>
          )}
          <div className={`selection-bar${ids.length ? ' active' : ''}`}>
            {ids.length ? (
              <>
                <span>{ids.length} selected</span>
                <button onClick={() => setMoving(true)}>Move to…</button>
                <button
                  onClick={async () => {
                    const r = await act(() => call('people.split', { personId, faceIds: ids }));
                    if (r) {
                      // its Undo removes the new person: go back to the one the faces return to
                      done('Split into a new person', () => go(`person/${personId}`));
                      go(`person/${r.personId}`);
                    }
                  }}
                >
                  Split into new person
                </button>
                {selectedGuesses.length > 0 && (
                  <button
                    onClick={async () =>
                      (await act(() => call('people.confirmFaces', { personId, faceIds: selectedGuesses }))) &&
                      done(`Confirmed ${countOf(selectedGuesses.length, 'face')} as ${personLabel(p)}`)
                    }
                  >
                    Confirm
                  </button>
                )}
                <button
                  onClick={async () =>
                    (await act(() => call('people.removeFaces', { personId, faceIds: ids }))) &&
                    done(`${ids.length} marked as not ${personLabel(p)}`)
                  }
                >
                  Not {p.name ?? 'this person'}
                </button>
                <button
                  onClick={async () =>
                    (await act(() => call('people.rejectFaces', { faceIds: ids }))) && done('Marked as not a face')
                  }
                >
                  Not a face
                </button>
                {ids.length === 1 && (
                  <>
                    <button
                      onClick={async () =>
                        (await act(() => call('people.setCover', { personId, faceId: ids[0] }))) && done('Cover set')
                      }
                    >
                      Set as cover
                    </button>
                    <button
                      onClick={() => {
                        const f = list.find((x) => x.id === ids[0]);
                        if (f) openPhoto(f.photoId);
                      }}
                    >
                      Open photo
                    </button>
                  </>
                )}
                <button className="ghost" onClick={() => setSelected(new Set())}>
                  Clear
                </button>
              </>
            ) : (
              <span className="muted">
                Click faces to select them (shift-click for a range); double-click opens the photo.
              </span>
            )}
          </div>
          <VirtualGrid
            label="Faces"
            count={list.length}
            minCellWidth={96}
            cellHeight={(w) => w}
            gap={8}
            render={(i) => {
              const f = list[i];
              return (
                <button
                  className={`face-cell${selected.has(f.id) ? ' selected' : ''}${f.assignedBy === 'user' ? ' confirmed' : ''}${isGuess(f) ? ' guess' : ''}`}
                  data-face-id={f.id}
                  title={isGuess(f) ? "The machine's guess: not confirmed yet" : undefined}
                  data-photo-id={f.photoId}
                  onClick={(e) => toggle(i, e.shiftKey)}
                  onDoubleClick={() => openPhoto(f.photoId)}
                  aria-pressed={selected.has(f.id)}
                >
                  <FaceThumb faceId={f.id} />
                  {isGuess(f) && (
                    <span className="guess-badge" aria-label="guess">
                      ?
                    </span>
                  )}
                </button>
              );
            }}
          />
          {moving && (
            <MovePicker
              title={`Move ${countOf(ids.length, 'face')} to…`}
              faceIds={ids}
              exclude={[personId]}
              onClose={() => setMoving(false)}
              onPick={async (to) => {
                setMoving(false);
                if (to.kind === 'new') {
                  const r = await act(() =>
                    call('people.split', { personId, faceIds: ids, ...(to.name ? { name: to.name } : {}) }),
                  );
                  if (r) done(to.name ? `Moved to ${to.name}, a new person` : 'Moved to a new person');
                } else if (await act(() => call('people.moveFaces', { faceIds: ids, toPersonId: to.person.id })))
                  done(`Moved to ${personLabel(to.person)}`);
              }}
            />
          )}
        </>
      )}
      {tab === 'photos' && <PhotoGrid personIds={[personId]} openPhoto={openPhoto} />}
    </section>
  );
}
