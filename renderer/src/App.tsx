import { useCallback, useEffect, useState } from 'react';
import { StatusBar } from './components/StatusBar';
import { useQuery, useRoute } from './hooks';
import { useUndo } from './undo';
import { LibraryView } from './views/LibraryView';
import { MapView } from './views/MapView';
import { MergeView } from './views/MergeView';
import { PeopleView } from './views/PeopleView';
import { PersonView } from './views/PersonView';
import { PhotoViewer } from './views/PhotoViewer';
import { TrainView } from './views/TrainView';
import { UnsortedView } from './views/UnsortedView';
import { VerifyView } from './views/VerifyView';

const NAV = [
  ['people', 'People'],
  ['unsorted', 'Unsorted'],
  ['merge', 'Merge'],
  ['verify', 'Verify'],
  ['map', 'Map'],
  ['train', 'Train'],
  ['library', 'Library'],
] as const;

export function App() {
  const route = useRoute();
  const [photo, setPhoto] = useState<number | null>(null);
  const openPhoto = useCallback((id: number) => setPhoto(id), []);
  const closePhoto = useCallback(() => setPhoto(null), []);
  const status = useQuery('library.status', {}, ['photos', 'faces', 'people', 'folders']);
  // The start page is the Library until a folder exists, People after: the sidebar highlights the one shown.
  // (The first address is "#token=…", not a page: it shows the start page too.)
  const known = NAV.some(([id]) => id === route[0]) || route[0] === 'person';
  const section = known ? route[0] : status.data && !status.data.folders.length ? 'library' : 'people';
  const { undoLast, redo } = useUndo();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, [contenteditable="true"]')) return; // the field's own text undo
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) void undoLast();
      else if ((key === 'z' && e.shiftKey) || key === 'y') void redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undoLast, redo]);

  let view;
  switch (section) {
    case 'library':
      view = <LibraryView />;
      break;
    case 'person':
      view = <PersonView personId={Number(route[1])} openPhoto={openPhoto} />;
      break;
    case 'unsorted':
      view = <UnsortedView openPhoto={openPhoto} />;
      break;
    case 'merge':
      view = <MergeView />;
      break;
    case 'verify':
      view = <VerifyView />;
      break;
    case 'map':
      view = <MapView />;
      break;
    case 'train':
      view = <TrainView />;
      break;
    default:
      view = section === 'library' ? <LibraryView /> : <PeopleView />;
  }

  return (
    <div className="app">
      <nav className="sidebar">
        <div className="brand">Facet</div>
        {NAV.map(([id, label]) => (
          <a
            key={id}
            href={`#/${id}`}
            className={section === id || (id === 'people' && section === 'person') ? 'on' : ''}
          >
            {label}
            {id === 'unsorted' && !!status.data?.unsortedFaces && (
              <span className="badge">{status.data.unsortedFaces}</span>
            )}
          </a>
        ))}
      </nav>
      <main className="main">{view}</main>
      <StatusBar />
      {photo !== null && <PhotoViewer photoId={photo} onClose={closePhoto} />}
    </div>
  );
}
