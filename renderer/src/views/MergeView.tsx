import { useEffect, useMemo, useState } from 'react';
import type { Result } from '../../../core/api/contract';
import { call } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { VirtualGrid } from '../components/VirtualGrid';
import { go, useQuery } from '../hooks';
import { useAction } from '../notify';
import { useUndo } from '../undo';
import { matchesName, personLabel } from '../people-text';
import { PersonCard } from './PeopleView';

/** Pick two or more people who are the same person, see what the merge would give, merge, undo. */
export function MergeView() {
  const people = useQuery('people.list', {}, ['people', 'faces']);
  const [picked, setPicked] = useState<number[]>([]);
  const [q, setQ] = useState('');
  const [preview, setPreview] = useState<Result<'people.mergePreview'> | null>(null);
  const act = useAction();
  const { notifyDone } = useUndo();
  // Escape clears what was picked
  useEffect(() => {
    if (!picked.length) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && (setPicked([]), setPreview(null));
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picked]);
  const shown = useMemo(() => (people.data ?? []).filter((p) => matchesName(p, q)), [people.data, q]);

  const toggle = (id: number) => {
    setPreview(null);
    setPicked(picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id]);
  };

  return (
    <section className="view merge">
      <header className="view-head">
        <h1>Merge</h1>
        <input
          className="search"
          type="search"
          placeholder="Search by name"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <p className="muted">Pick the people who are one person.</p>
      </header>
      <div className={`selection-bar${picked.length ? ' active' : ''}`} data-testid="merge-bar">
        <span>{picked.length} picked</span>
        <button
          disabled={picked.length < 2}
          onClick={async () => {
            const r = await act(() => call('people.mergePreview', { personIds: picked }));
            if (r) setPreview(r);
          }}
        >
          Preview
        </button>
        {preview && (
          <span className="preview" data-testid="merge-preview">
            {preview.people.length} people → <FaceThumb faceId={preview.into.coverFaceId} size={24} />{' '}
            <strong>{personLabel(preview.into)}</strong> with {preview.faceCount} faces
          </span>
        )}
        <button
          className="primary"
          disabled={!preview}
          onClick={async () => {
            const r = await act(() => call('people.merge', { personIds: picked }));
            if (!r) return;
            setPicked([]);
            setPreview(null);
            void notifyDone('Merged');
          }}
        >
          Merge
        </button>
        {picked.length > 0 && (
          <button className="ghost" onClick={() => (setPicked([]), setPreview(null))}>
            Clear
          </button>
        )}
      </div>
      <VirtualGrid
        label="People to merge"
        count={shown.length}
        minCellWidth={120}
        cellHeight={(w) => w + 56}
        render={(i) => (
          <PersonCard p={shown[i]} selected={picked.includes(shown[i].id)} onClick={() => toggle(shown[i].id)} />
        )}
      />
      {!shown.length && people.data && (
        <p className="empty">
          No people yet.{' '}
          <button className="link" onClick={() => go('library')}>
            Add a folder
          </button>
        </p>
      )}
    </section>
  );
}
