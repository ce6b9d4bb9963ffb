import type { PersonSummary } from '../../core/api/contract';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', usage: 'search' });

/**
 * Whether `query` occurs in the person's name, ignoring case and accents as the user's locale does
 * ("jose" finds "José"): Intl.Collator compares every window of the name with the query.
 */
export function matchesName(p: PersonSummary, query: string): boolean {
  const q = query.trim();
  if (!q) return true;
  if (p.name === null) return false;
  const name = p.name;
  for (let i = 0; i + q.length <= name.length; i++)
    if (collator.compare(name.slice(i, i + q.length), q) === 0) return true;
  return false;
}

export function personLabel(p: Pick<PersonSummary, 'name' | 'id'>): string {
  return p.name ?? `Unnamed #${p.id}`;
}

/** A stable colour per person for the map and charts (golden-angle hues, calm saturation). */
export function personColour(id: number | null): string {
  if (id === null) return '#b9b5ad';
  return `hsl(${(id * 137.508) % 360} 55% 52%)`;
}
