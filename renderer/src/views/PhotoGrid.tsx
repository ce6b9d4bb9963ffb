import { useState } from 'react';
import { mediaUrl } from '../api';
import { FaceThumb } from '../components/FaceThumb';
import { PersonPicker } from '../components/PersonPicker';
import { VirtualGrid } from '../components/VirtualGrid';
import { useQuery } from '../hooks';
import { countOf } from '../people-text';

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** The date the photo says it was taken, else the file's own date, saying which it is. */
function dateOf(photo: { takenAt: string | null; fileTime: number }): { text: string; source: string } {
  if (photo.takenAt) {
    const d = new Date(photo.takenAt);
    return {
      text: Number.isNaN(d.getTime()) ? photo.takenAt : dateFormat.format(d),
      source: 'Date taken, from the photo',
    };
  }
  return {
    text: dateFormat.format(new Date(photo.fileTime)),
    source: 'File date: the photo does not say when it was taken',
  };
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
        <span className="muted">{countOf(list.length, 'photo')}</span>
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
        render={(i) => {
          const date = dateOf(list[i]);
          return (
            <button
              className="photo-cell"
              onClick={() => openPhoto(list[i].id)}
              data-photo-id={list[i].id}
              title={date.source}
            >
              <img src={mediaUrl('thumb', list[i].id)} alt="" loading="lazy" decoding="async" />
              <span className="muted">
                {date.text}
                {list[i].takenAt ? '' : ' (file)'}
              </span>
            </button>
          );
        }}
      />
    </div>
  );
}
