import { useEffect, useRef, useState, type DragEvent } from 'react';
import { call, shell } from '../api';
import { go } from '../hooks';
import { useAction, useNotify } from '../notify';

/**
 * Adding a folder, every way the window allows: a path typed (with `~` and recent folders), the native dialog in the
 * desktop app, and a folder dropped on the form. A browser never tells a page where a dropped folder is on disk, so
 * there a drop says to type the path instead of failing silently.
 */
export function AddFolder({ focus }: { focus: boolean }) {
  const act = useAction();
  const notify = useNotify();
  const [path, setPath] = useState('');
  const [recent, setRecent] = useState<string[]>(loadRecent);
  const [over, setOver] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const desktop = shell();
  // an empty library starts with the cursor in the folder field: type, Enter, and the scan runs
  useEffect(() => {
    if (focus) field.current?.focus();
  }, [focus]);

  const add = async (folder: string) => {
    const r = await act(
      () => call('library.addFolder', { path: folder }),
      () => 'Folder added; scanning',
    );
    if (r) {
      setRecent(rememberRecent(folder));
      setPath('');
      go('library'); // stay to watch the scan (the start page turns into People once a folder exists)
    }
  };
  const choose = async () => {
    for (const folder of (await desktop?.chooseFolders()) ?? []) await add(folder);
  };
  const drop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    const paths = desktop ? files.map((f) => desktop.pathForFile(f)).filter(Boolean) : [];
    if (!paths.length) {
      notify(
        files.length
          ? 'This browser does not tell Facet where a dropped folder is: type or paste its path instead.'
          : 'Drop a folder from your file manager.',
      );
      return;
    }
    for (const folder of paths) await add(folder);
  };

  return (
    <>
      <form
        className={`add-folder${over ? ' drop-over' : ''}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void add(path.trim());
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void drop(e)}
        data-testid="add-folder"
      >
        <input
          ref={field}
          list="recent-folders"
          aria-label="Folder to add"
          placeholder={desktop ? '~/Pictures, or drop a folder here' : '~/Pictures or /home/you/Pictures'}
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <datalist id="recent-folders">
          {recent.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <button type="submit" className="primary" disabled={!path.trim()}>
          Add folder
        </button>
        {desktop && (
          <button type="button" onClick={() => void choose()}>
            Choose a folder…
          </button>
        )}
      </form>
      {recent.length > 0 && (
        <p className="recent-folders muted small">
          Recent:{' '}
          {recent.slice(0, 5).map((r) => (
            <button key={r} type="button" className="link" onClick={() => setPath(r)}>
              {r}
            </button>
          ))}
        </p>
      )}
    </>
  );
}

const RECENT_KEY = 'facet.recentFolders';

function loadRecent(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}

/** Folders added lately, newest first, offered again in the folder field (this browser only). */
function rememberRecent(folder: string): string[] {
  const next = [folder, ...loadRecent().filter((f) => f !== folder)].slice(0, 10);
  localStorage.setItem(RECENT_KEY, JSON.stringify(next));
  return next;
}
