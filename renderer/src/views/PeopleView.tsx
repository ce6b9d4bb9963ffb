import { useMemo, useState } from 'react';
import type { PersonSummary } from '../../../core/api/contract';
import { call } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { VirtualGrid } from '../components/VirtualGrid';
import { go, useQuery } from '../hooks';
import { useAction } from '../notify';
import { countOf, matchesName, personLabel } from '../people-text';

export function PersonCard({ p, selected, onClick }: { p: PersonSummary; selected?: boolean; onClick: () => void }) {
  return (
    <button
      className={`person-card${selected ? ' selected' : ''}${p.name ? '' : ' unnamed'}`}
      onClick={onClick}
      data-person-id={p.id}
      title={personLabel(p)}
    >
      <FaceThumb faceId={p.coverFaceId} alt={personLabel(p)} />
      <span className="person-name">{p.name ?? 'Unnamed'}</span>
      <span className="person-count">{countOf(p.faceCount, 'face')}</span>
    </button>
  );
}

/** "Add a name" under an unnamed card: one click opens a field in place, Enter names the person (Escape leaves). */
function AddName({ p }: { p: PersonSummary }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const act = useAction();
  if (!open)
    return (
      <button className="link add-name" onClick={() => setOpen(true)}>
        Add a name
      </button>
    );
  return (
    <form
      className="add-name-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await act(() => call('people.rename', { personId: p.id, name }))) setOpen(false);
      }}
    >
      <input
        autoFocus
        aria-label={`Name for this person (${countOf(p.faceCount, 'face')})`}
        placeholder="Who is this?"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        onBlur={() => !name.trim() && setOpen(false)}
      />
    </form>
  );
}

/** People, or (with "Hidden") the people the user hid, each with Unhide: hiding is never a one-way door. */
export function PeopleView() {
  const [showHidden, setShowHidden] = useState(false);
  const people = useQuery('people.list', { includeHidden: true }, ['people', 'faces']);
  const [q, setQ] = useState('');
  const act = useAction();
  const hiddenCount = (people.data ?? []).filter((p) => p.hidden).length;
  const shown = useMemo(
    () => (people.data ?? []).filter((p) => p.hidden === showHidden && matchesName(p, q)),
    [people.data, q, showHidden],
  );
  const named = shown.filter((p) => p.name !== null).length;
  return (
    <section className="view people">
      <header className="view-head">
        <h1>{showHidden ? 'Hidden people' : 'People'}</h1>
        <input
          className="search"
          type="search"
          placeholder="Search by name"
          aria-label="Search people by name"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <p className="muted">
          {named} named · {shown.length - named} unnamed
        </p>
        {(hiddenCount > 0 || showHidden) && (
          <button className="ghost small" aria-pressed={showHidden} onClick={() => setShowHidden(!showHidden)}>
            {showHidden ? '← All people' : `Hidden (${hiddenCount})`}
          </button>
        )}
      </header>
      {people.data && !people.data.length && (
        <p className="empty">No people yet. Add a folder in the Library and they appear here as faces are found.</p>
      )}
      {showHidden && !shown.length && <p className="empty">Nobody is hidden.</p>}
      <VirtualGrid
        label={showHidden ? 'Hidden people' : 'People'}
        count={shown.length}
        minCellWidth={150}
        cellHeight={(w) => w + 86}
        render={(i) => (
          <div className="person-cell">
            <PersonCard p={shown[i]} onClick={() => go(`person/${shown[i].id}`)} />
            {shown[i].hidden ? (
              <button
                className="link add-name"
                onClick={() => void act(() => call('people.hide', { personId: shown[i].id, hidden: false }))}
              >
                Unhide
              </button>
            ) : (
              shown[i].name === null && <AddName p={shown[i]} />
            )}
          </div>
        )}
      />
    </section>
  );
}
