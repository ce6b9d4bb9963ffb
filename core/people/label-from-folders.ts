/**
 * Labels faces from a folder tree: each identity's faces become user labels of the person with that name
 * (created when missing), through the same undoable operation a user's "move to person" is.
 */
import type { Database } from 'better-sqlite3';
import { moveFaces } from './operations';
import { findPersonByName, getFaceStates } from './people-repo';

export interface LabelInput {
  readonly faceId: number;
  readonly identity: string;
}

export function labelFromFolders(
  db: Database,
  faces: readonly LabelInput[],
): { labelled: number; people: number; created: number; unchanged: number } {
  const byName = new Map<string, number[]>();
  for (const f of faces) byName.set(f.identity, [...(byName.get(f.identity) ?? []), f.faceId]);
  let labelled = 0;
  let created = 0;
  let unchanged = 0;
  for (const [name, ids] of byName) {
    const person = findPersonByName(db, name.normalize('NFC').trim());
    const todo = getFaceStates(db, ids).filter((s) => !(person && s.personId === person.id && s.assignedBy === 'user'));
    unchanged += ids.length - todo.length;
    if (!todo.length) continue;
    moveFaces(
      db,
      todo.map((s) => s.id),
      person ? person.id : { name },
    );
    if (!person) created++;
    labelled += todo.length;
  }
  return { labelled, people: byName.size, created, unchanged };
}
