import { useCallback } from 'react';
import { call } from './api';
import { useAction, useNotify } from './notify';

/**
 * Undo and redo as the user sees them. One step at a time: a double click, or a key held down, must not undo two
 * steps while the first is still on its way (the engine would take both), so a second request while one runs is
 * dropped.
 */
let busy = false;
async function once<T>(work: () => Promise<T>): Promise<T | undefined> {
  if (busy) return undefined;
  busy = true;
  try {
    return await work();
  } finally {
    busy = false;
  }
}

function undoneText(r: { undone: string | null; steps: number }): string {
  if (!r.undone) return 'Nothing to undo';
  const later = r.steps - 1;
  return later > 0
    ? `Undone: ${r.undone} (and ${later} later ${later === 1 ? 'change' : 'changes'} that built on it)`
    : `Undone: ${r.undone}`;
}

export function useUndo() {
  const act = useAction();
  const notify = useNotify();

  const undoLast = useCallback(() => once(() => act(() => call('people.undo', {}), undoneText)), [act]);
  const redo = useCallback(
    () =>
      once(() =>
        act(
          () => call('people.redo', {}),
          (r) => (r.redone ? `Redone: ${r.redone}` : 'Nothing to redo'),
        ),
      ),
    [act],
  );

  /**
   * A toast for a step just done, whose Undo reverts that step (and what was done after it that builds on it),
   * not whatever happens to be the latest step by the time the user clicks. `after` runs once it is undone (e.g.
   * leave the page of a person the undo removed).
   */
  const notifyDone = useCallback(
    async (text: string, after?: () => void) => {
      const info = await call('people.undoInfo', {}).catch(() => null);
      const id = info?.id ?? null;
      notify(text, {
        action:
          id === null
            ? undefined
            : {
                label: 'Undo',
                run: () =>
                  void once(async () => {
                    const r = await act(() => call('people.undo', { through: id }), undoneText);
                    if (r?.undone) after?.();
                  }),
              },
      });
    },
    [act, notify],
  );

  return { undoLast, redo, notifyDone };
}
