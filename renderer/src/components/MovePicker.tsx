import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PersonSummary } from '../../../core/api/contract';
import { useQuery } from '../hooks';
import { countOf, matchesName, unnamedLabel } from '../people-text';
import { FaceThumb } from './FaceThumb';

export type MoveTarget =
  { readonly kind: 'person'; readonly person: PersonSummary } | { readonly kind: 'new'; readonly name: string | null };

/**
 * A modal that picks where faces go: an existing person or a new person (named with what was typed). Given the faces
 * being moved, people come most alike first (the person they most likely belong to is at the top); the rest, and
 * every row until that ranking arrives, named by name, then unnamed largest first. Driven by the keyboard as well as the mouse: typing filters, ↑/↓ move,
 * Enter takes the highlighted row (the first match when none is), Escape closes.
 */
export function MovePicker({
  title,
  faceIds,
  exclude = [],
  allowNew = true,
  onPick,
  onClose,
}: {
  title: string;
  /** The faces being moved: people are ranked by how alike they are. */
  faceIds?: readonly number[];
  exclude?: readonly number[];
  allowNew?: boolean;
  onPick: (target: MoveTarget) => void;
  onClose: () => void;
}) {
  const people = useQuery('people.list', {}, ['people']);
  const near = useQuery('people.nearest', faceIds?.length ? { faceIds: faceIds.slice(0, 1000) } : null, [
    'people',
    'faces',
  ]);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => {
    const match = (people.data ?? []).filter((p) => !exclude.includes(p.id) && matchesName(p, q));
    const named = match.filter((p) => p.name !== null).sort((a, b) => a.name!.localeCompare(b.name!));
    const unnamed = match.filter((p) => p.name === null).sort((a, b) => b.faceCount - a.faceCount);
    const rank = new Map((near.data ?? []).map((n, i) => [n.personId, i]));
    const byLikeness = (a: PersonSummary, b: PersonSummary) =>
      (rank.get(a.id) ?? rank.size) - (rank.get(b.id) ?? rank.size);
    // a stable sort keeps the name / size order among the people not ranked
    return [...named, ...unnamed].sort(byLikeness).slice(0, 80);
  }, [people.data, near.data, q, exclude]);
  const rows: MoveTarget[] = [
    ...shown.map((person) => ({ kind: 'person', person }) as const),
    ...(allowNew ? [{ kind: 'new', name: q.trim() || null } as const] : []),
  ];

  const pick = (i: number) => {
    const row = rows[Math.max(0, i)];
    if (row) onPick(row);
  };
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    list.current?.children[next]?.scrollIntoView({ block: 'nearest' });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') moveTo(active + 1);
    else if (e.key === 'ArrowUp') moveTo(active - 1);
    else if (e.key === 'Enter') pick(active);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="modal-back" onClick={onClose}>
      <div className="modal" role="dialog" aria-label={title} onClick={(e) => e.stopPropagation()} onKeyDown={onKey}>
        <h2>{title}</h2>
        <div className="picker">
          <input
            autoFocus
            value={q}
            placeholder="Type a name…"
            aria-label="Find a person"
            role="combobox"
            aria-expanded="true"
            aria-controls="move-picker-list"
            aria-activedescendant={active >= 0 ? `move-row-${active}` : undefined}
            onChange={(e) => {
              setQ(e.target.value);
              setActive(-1);
            }}
          />
          <ul ref={list} id="move-picker-list" role="listbox">
            {rows.map((row, i) => (
              <li
                key={row.kind === 'person' ? row.person.id : 'new'}
                role="option"
                aria-selected={i === active}
                id={`move-row-${i}`}
              >
                <button
                  tabIndex={-1}
                  className={`picker-row${i === active ? ' active' : ''}${row.kind === 'new' ? ' new-person' : ''}`}
                  data-person-id={row.kind === 'person' ? row.person.id : undefined}
                  onClick={() => pick(i)}
                  onMouseMove={() => active !== i && setActive(i)}
                >
                  {row.kind === 'person' ? (
                    <>
                      <FaceThumb faceId={row.person.coverFaceId} size={44} />
                      <span className={row.person.name ? '' : 'muted'}>
                        {row.person.name ?? unnamedLabel(row.person)}
                      </span>
                      <span className="muted">{row.person.name ? countOf(row.person.faceCount, 'face') : ''}</span>
                    </>
                  ) : (
                    <>
                      <span className="new-icon" aria-hidden>
                        +
                      </span>
                      <span>{row.name ? `New person “${row.name}”` : 'New person'}</span>
                      <span />
                    </>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <p className="muted small keys-hint">
          <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> move · <kbd>Esc</kbd> close
        </p>
      </div>
    </div>
  );
}
