import { useEffect } from 'react';
import { mediaUrl } from '../api';
import { go, useQuery } from '../hooks';

/** A photo with its faces boxed and named; a box opens its person. */
export function PhotoViewer({ photoId, onClose }: { photoId: number; onClose: () => void }) {
  const photo = useQuery('photos.get', { photoId }, ['people', 'faces']);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const p = photo.data;
  return (
    <div className="modal-back viewer" onClick={onClose} data-testid="photo-viewer">
      <div className="viewer-frame" onClick={(e) => e.stopPropagation()}>
        {p && p.width && p.height ? (
          <div className="viewer-photo" style={{ aspectRatio: `${p.width} / ${p.height}` }}>
            <img src={mediaUrl('photo', p.id)} alt={p.path} />
            {p.faces
              .filter((f) => !f.rejected)
              .map((f) => (
                <button
                  key={f.id}
                  className={`face-box${f.personName ? ' named' : ''}`}
                  style={{
                    left: `${(100 * f.x) / p.width!}%`,
                    top: `${(100 * f.y) / p.height!}%`,
                    width: `${(100 * f.w) / p.width!}%`,
                    height: `${(100 * f.h) / p.height!}%`,
                  }}
                  onClick={() => {
                    if (f.personId !== null) {
                      onClose();
                      go(`person/${f.personId}`);
                    }
                  }}
                >
                  <span>{f.personName ?? (f.personId ? 'Unnamed' : '')}</span>
                </button>
              ))}
          </div>
        ) : (
          <p className="muted">{photo.error ?? 'Loading…'}</p>
        )}
        {p && <p className="viewer-path muted">{p.path}</p>}
        <button className="viewer-close ghost" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
    </div>
  );
}
