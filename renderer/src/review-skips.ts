import { useCallback, useState } from 'react';

const KEY = 'facet.unsorted.skipped';

function load(): number[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

/**
 * The faces skipped in the Unsorted review, in the order skipped: kept for this window's session, so leaving the
 * review and coming back does not show them again; `back` un-skips the latest (the review's back key).
 */
export function useSkips() {
  const [order, setOrder] = useState<number[]>(load);
  const save = useCallback((next: number[]) => {
    setOrder(next);
    sessionStorage.setItem(KEY, JSON.stringify(next.slice(-5000)));
  }, []);
  const skip = (faceId: number) => save([...order.filter((id) => id !== faceId), faceId]);
  const back = () => (order.length ? (save(order.slice(0, -1)), order[order.length - 1]) : null);
  return { skipped: new Set(order), count: order.length, skip, back };
}
