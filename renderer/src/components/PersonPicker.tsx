import { useMemo, useState } from 'react';
import type { PersonSummary } from '../../../core/api/contract';
import { useQuery } from '../hooks';
import { matchesName, personLabel } from '../people-text';
import { FaceThumb } from './FaceThumb';

/** A searchable list of people to pick one from (move faces to, compare with...). */
export function PersonPicker({
  onPick,
  exclude = [],
  placeholder = 'Find a person…',
}: {
  onPick: (p: PersonSummary) => void;
  exclude?: readonly number[];
  placeholder?: string;
}) {
  const people = useQuery('people.list', {}, ['people']);
  const [q, setQ] = useState('');
  const shown = useMemo(
    () => (people.data ?? []).filter((p) => !exclude.includes(p.id) && matchesName(p, q)).slice(0, 60),
    [people.data, q, exclude],
  );
  return (
    <div className="picker">
      <input autoFocus value={q} placeholder={placeholder} onChange={(e) => setQ(e.target.value)} />
      <ul>
        {shown.map((p) => (
          <li key={p.id}>
            <button className="picker-row" onClick={() => onPick(p)}>
              <FaceThumb faceId={p.coverFaceId} size={32} />
              <span>{personLabel(p)}</span>
              <span className="muted">{p.faceCount}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
