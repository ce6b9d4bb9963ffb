import { useMemo, useState } from 'react';
import type { PersonSummary } from '../../../core/api/contract';
import { FaceThumb } from '../components/FaceThumb';
import { VirtualGrid } from '../components/VirtualGrid';
import { go, useQuery } from '../hooks';
import { matchesName, personLabel } from '../people-text';

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
      <span className="person-count">
        {p.faceCount} {p.faceCount === 1 ? 'face' : 'faces'}
      </span>
    </button>
  );
}

export function PeopleView() {
  const people = useQuery('people.list', {}, ['people', 'faces']);
  const [q, setQ] = useState('');
  const shown = useMemo(() => (people.data ?? []).filter((p) => matchesName(p, q)), [people.data, q]);
  const named = shown.filter((p) => p.name !== null).length;
  return (
    <section className="view people">
      <header className="view-head">
        <h1>People</h1>
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
      </header>
      {people.data && !people.data.length && (
        <p className="empty">No people yet. Add a folder in the Library and they appear here as faces are found.</p>
      )}
      <VirtualGrid
        label="People"
        count={shown.length}
        minCellWidth={132}
        cellHeight={(w) => w + 34}
        render={(i) => <PersonCard p={shown[i]} onClick={() => go(`person/${shown[i].id}`)} />}
      />
    </section>
  );
}
