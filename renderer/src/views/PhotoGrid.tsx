import { useState } from 'react';
import { mediaUrl } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { PersonPicker } from '../components/PersonPicker';
import { VirtualGrid } from '../components/VirtualGrid';
import { useQuery } from '../hooks';

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function dateLabel(takenAt: string | null): string {
  if (!takenAt) return 'No date';
  const d = new Date(takenAt);
  return Number.isNaN(d.getTime()) ? takenAt : dateFormat.format(d);
}

/** Photos in which every chosen person appears, newest first: "photos of A with B". */
export function PhotoGrid({ personIds, openPhoto }: { personIds: number[]; openPhoto: (id: number) => void }) {
  const [extra, setExtra] = useState<{ id: number; cover: number | null; name: string }[]>([]);
  const [picking, setPicking] = useState(false);
  const ids = [...personIds, ...extra.map((e) => e.id)];
  const photos = useQuery('people.photos', { personIds: ids }, ['people', 'faces', 'photos']);
  const list = photos.data ?? [];
  return (
    <div className="photo-grid">
      <div className="with-bar">
        <span className="muted">{list.length} photos</span>
        {extra.map((e) => (
          <span key={e.id} className="chip">
            <FaceThumb faceId={e.cover} size={20} /> with {e.name}
            <button className="link" onClick={() => setExtra(extra.filter((x) => x.id !== e.id))} aria-label="remove">
              ×
            </button>
          </span>
        ))}
        <button className="ghost small" onClick={() => setPicking(!picking)}>
          + together with…
        </button>
        {picking && (
          <div className="popover">
            <PersonPicker
              exclude={ids}
              onPick={(p) => {
                setExtra([...extra, { id: p.id, cover: p.coverFaceId, name: p.name ?? `Unnamed #${p.id}` }]);
                setPicking(false);
              }}
            />
          </div>
        )}
      </div>
      <VirtualGrid
        label="Photos"
        count={list.length}
        minCellWidth={180}
        cellHeight={(w) => Math.round(w * 0.75) + 22}
        gap={10}
        render={(i) => (
          <button className="photo-cell" onClick={() => openPhoto(list[i].id)} data-photo-id={list[i].id}>
            <img src={mediaUrl('thumb', list[i].id)} alt="" loading="lazy" decoding="async" />
            <span className="muted">{dateLabel(list[i].takenAt)}</span>
          </button>
        )}
      />
    </div>
  );
}
