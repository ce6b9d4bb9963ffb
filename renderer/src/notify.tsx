import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

export interface Notice {
  readonly id: number;
  readonly text: string;
  readonly kind: 'info' | 'error';
  readonly action?: { readonly label: string; readonly run: () => void };
}

type Notify = (text: string, opts?: { kind?: Notice['kind']; action?: Notice['action'] }) => void;

const Ctx = createContext<Notify>(() => undefined);

/** Small toasts at the bottom: what just happened, an undo where it applies, and errors in words. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const notify = useCallback<Notify>((text, opts) => {
    const id = Date.now() + Math.random();
    setNotices((n) => [...n.slice(-3), { id, text, kind: opts?.kind ?? 'info', action: opts?.action }]);
    setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), opts?.kind === 'error' ? 8000 : 6000);
  }, []);
  return (
    <Ctx.Provider value={notify}>
      {children}
      <div className="notices" role="status">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`}>
            <span>{n.text}</span>
            {n.action && (
              <button
                className="link"
                onClick={() => {
                  n.action?.run();
                  setNotices((all) => all.filter((x) => x.id !== n.id));
                }}
              >
                {n.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export const useNotify = () => useContext(Ctx);

/** Runs an engine command and reports its failure as a notice instead of an unhandled rejection. */
export function useAction() {
  const notify = useNotify();
  return useCallback(
    async <T,>(work: () => Promise<T>, done?: (value: T) => string | void): Promise<T | undefined> => {
      try {
        const value = await work();
        const msg = done?.(value);
        if (msg) notify(msg);
        return value;
      } catch (err) {
        notify(err instanceof Error ? err.message : String(err), { kind: 'error' });
        return undefined;
      }
    },
    [notify],
  );
}
