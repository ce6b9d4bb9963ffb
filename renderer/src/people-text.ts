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

/** "1 face", "3 faces": a count with its noun in the right number (English plurals the app uses). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** How an unnamed person reads in lists: by size, not by database id. */
export function unnamedLabel(p: Pick<PersonSummary, 'faceCount'>): string {
  return `Unnamed · ${countOf(p.faceCount, 'face')}`;
}
