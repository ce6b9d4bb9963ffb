/**
 * Every correction a user makes to people: each one transaction, each one undo step (undo-log.ts).
 *
 * Confirmation rule: a user operation that acts on a person (name, merge, split, remove a face, hide, set cover)
 * confirms that person: its machine-guessed faces become user labels. Reason: a forced re-cluster rebuilds only
 * machine guesses, so anything the user has looked at and acted on must be made of user labels to survive it
 * (a "not this person" mark would otherwise point at a person whose other faces could be re-clustered with
 * the very face the user removed). Moving faces labels only the moved faces. Only user labels train the model.
 * One exception: in a NAMED person, removing faces ("not this person" on a machine guess) confirms nothing else. The
 * other guesses stay marked as guesses until the user confirms them (confirmFaces): that is how the user reviews
 * them. A named person always keeps user labels, so a re-cluster cannot dissolve it.
 */
import type { Database } from 'better-sqlite3';
import {
  addNotPerson,
  assignFaces,
  createPerson,
  deleteEmptyUnnamedPeople,
  deletePerson,
  faceIdsOfPerson,
  getFaceStates,
  getPerson,
  removeNotPerson,
  updatePerson,
} from './people-repo';
import { recordOperation } from './undo-log';

/** "1 face", "2 faces": undo labels are shown to the user as they are. */
const facesText = (n: number) => `${n} ${n === 1 ? 'face' : 'faces'}`;

export { undo, undoThrough, redo, undoState } from './undo-log';

/** A request that cannot be carried out as asked; nothing was changed. */
export class PeopleOperationError extends Error {}

function requirePerson(db: Database, id: number) {
  const p = getPerson(db, id);
  if (!p) throw new PeopleOperationError(`no person with id ${id}`);
  return p;
}

function requireFaces(db: Database, faceIds: readonly number[]) {
  if (!faceIds.length) throw new PeopleOperationError('no faces given');
  const states = getFaceStates(db, faceIds);
  const found = new Set(states.map((s) => s.id));
  const missing = faceIds.filter((id) => !found.has(id));
  if (missing.length) throw new PeopleOperationError(`no face with id ${missing.join(', ')}`);
  return states;
}

function cleanName(name: string | null): string | null {
  if (name === null) return null;
  const n = name.normalize('NFC').trim();
  if (!n) throw new PeopleOperationError('a name cannot be empty');
  if (n.length > 200) throw new PeopleOperationError('a name is at most 200 characters');
  return n;
}

/** The confirmation rule: the person's machine guesses become user labels. */
function confirm(db: Database, personId: number): void {
  db.prepare(`UPDATE faces SET assigned_by = 'user' WHERE person_id = ? AND assigned_by = 'machine'`).run(personId);
}

/** A face that left a person can no longer be its cover. */
function clearCovers(db: Database, faceIds: readonly number[], keepPersonId: number | null): void {
  db.prepare(
    `UPDATE people SET cover_face_id = NULL WHERE cover_face_id IN (SELECT value FROM json_each(?)) AND id IS NOT ?`,
  ).run(JSON.stringify(faceIds), keepPersonId);
}

const personScope = (db: Database, ids: readonly number[], extraFaces: readonly number[] = []) => ({
  faceIds: [...ids.flatMap((id) => faceIdsOfPerson(db, id)), ...extraFaces],
  personIds: [...ids],
});

/** Names (or renames; null removes the name) a person, confirming it. */
export function renamePerson(db: Database, personId: number, name: string | null): void {
  const clean = cleanName(name);
  requirePerson(db, personId);
  recordOperation(db, clean ? `Name “${clean}”` : 'Remove name', personScope(db, [personId]), () => {
    updatePerson(db, personId, { name: clean });
    confirm(db, personId);
    return {};
  });
}

/**
 * Merges `otherIds` into `survivorId`: every face moves to the survivor, which keeps its name (or takes the
 * first other's name when it has none), its cover and hidden flag; not_person marks move with it, except marks
 * on faces the merge itself brings in (the user said they are one person).
 */
export function mergePeople(db: Database, survivorId: number, otherIds: readonly number[]): void {
  const others = [...new Set(otherIds)].filter((id) => id !== survivorId);
  if (!others.length) throw new PeopleOperationError('merge needs at least one other person');
  const survivor = requirePerson(db, survivorId);
  const otherRows = others.map((id) => requirePerson(db, id));
  recordOperation(db, `Merge ${others.length + 1} people`, personScope(db, [survivorId, ...others]), () => {
    const name = survivor.name ?? otherRows.find((p) => p.name)?.name ?? null;
    const cover = survivor.coverFaceId ?? otherRows.find((p) => p.coverFaceId)?.coverFaceId ?? null;
    for (const o of others) {
      db.prepare('UPDATE faces SET person_id = ? WHERE person_id = ?').run(survivorId, o);
      db.prepare(
        'INSERT OR IGNORE INTO not_person (face_id, person_id) SELECT face_id, ? FROM not_person WHERE person_id = ?',
      ).run(survivorId, o);
      deletePerson(db, o);
    }
    db.prepare(
      'DELETE FROM not_person WHERE person_id = ? AND face_id IN (SELECT id FROM faces WHERE person_id = ?)',
    ).run(survivorId, survivorId);
    updatePerson(db, survivorId, { name, coverFaceId: cover });
    confirm(db, survivorId);
    return {};
  });
}

/**
 * Moves faces to a person (an existing id, or a new person with an optional name). The moved faces become user
 * labels; each gets a "not this person" mark for the person it left, and loses any mark against the target.
 * Rejected faces are un-rejected: moving one to a person says it is a face. Returns the target person id.
 */
export function moveFaces(
  db: Database,
  faceIds: readonly number[],
  target: number | { readonly name: string | null },
): number {
  const states = requireFaces(db, faceIds);
  const name = typeof target === 'number' ? null : cleanName(target.name);
  if (typeof target === 'number') requirePerson(db, target);
  const sources = [...new Set(states.map((s) => s.personId).filter((p): p is number => p !== null))];
  const targetNamed = typeof target === 'number' ? getPerson(db, target)!.name !== null : name !== null;
  const followers = targetNamed ? groupFollowers(db, faceIds, sources) : [];
  const scope = {
    faceIds: [...faceIds, ...followers],
    personIds: typeof target === 'number' ? [target, ...sources] : sources,
  };
  const label =
    typeof target === 'number' ? `Move ${facesText(faceIds.length)}` : `New person from ${facesText(faceIds.length)}`;
  const { personId } = recordOperation(db, label, scope, () => {
    const personId = typeof target === 'number' ? target : createPerson(db, name);
    db.prepare('UPDATE faces SET rejected = 0 WHERE id IN (SELECT value FROM json_each(?))').run(
      JSON.stringify(faceIds),
    );
    assignFaces(db, faceIds, personId, 'user');
    joinAsGuesses(db, followers, personId);
    for (const s of states) {
      removeNotPerson(db, s.id, personId);
      if (s.personId !== null && s.personId !== personId) addNotPerson(db, s.id, s.personId);
    }
    clearCovers(db, faceIds, personId);
    // a machine cluster emptied by the move is gone, not an empty tile
    deleteEmptyUnnamedPeople(db, sources);
    return { personId, createdPersonIds: typeof target === 'number' ? [] : [personId] };
  });
  return personId;
}

/**
 * Naming a face names its group (issue 11): when the faces given a name are the majority of an unnamed (machine)
 * person, the rest of that person follows them. Returns those other faces.
 */
function groupFollowers(db: Database, faceIds: readonly number[], sources: readonly number[]): number[] {
  const moved = new Set(faceIds);
  return sources.flatMap((s) => {
    if (getPerson(db, s)?.name !== null) return [];
    const all = faceIdsOfPerson(db, s);
    const rest = all.filter((id) => !moved.has(id));
    return 2 * (all.length - rest.length) > all.length ? rest : [];
  });
}

/**
 * The followers join the named person as they were (machine guesses stay guesses, shown so until confirmed), except a face
 * marked "not this person" for it or sharing a photo with one of its faces: those stay where they were.
 */
function joinAsGuesses(db: Database, faceIds: readonly number[], personId: number): void {
  const blocked = db.prepare(
    `SELECT 1 FROM faces f WHERE f.id = ? AND (
       EXISTS (SELECT 1 FROM not_person n WHERE n.face_id = f.id AND n.person_id = ?)
       OR EXISTS (SELECT 1 FROM faces g WHERE g.photo_id = f.photo_id AND g.id <> f.id AND g.person_id = ?))`,
  );
  // person_id only: a follower keeps its assigned_by (a user label stays one; a machine guess stays a guess)
  const join = db.prepare('UPDATE faces SET person_id = ? WHERE id = ?');
  for (const id of faceIds) if (!blocked.get(id, personId, personId)) join.run(personId, id);
}

/** Splits the selected faces of a person into a new person (optionally named); both sides are confirmed. */
export function splitPerson(
  db: Database,
  personId: number,
  faceIds: readonly number[],
  name: string | null = null,
): number {
  requirePerson(db, personId);
  const clean = cleanName(name);
  const states = requireFaces(db, faceIds);
  const stray = states.filter((s) => s.personId !== personId);
  if (stray.length)
    throw new PeopleOperationError(`face ${stray.map((s) => s.id).join(', ')} is not in person ${personId}`);
  const all = faceIdsOfPerson(db, personId);
  if (faceIds.length >= all.length) throw new PeopleOperationError('a split must leave at least one face behind');
  const { newId } = recordOperation(db, `Split ${facesText(faceIds.length)} off`, personScope(db, [personId]), () => {
    const newId = createPerson(db, clean);
    assignFaces(db, faceIds, newId, 'user');
    clearCovers(db, faceIds, newId);
    for (const id of faceIds) addNotPerson(db, id, personId);
    confirm(db, personId);
    return { newId, createdPersonIds: [newId] };
  });
  return newId;
}

/**
 * Sends faces back to Unsorted with a "not this person" mark against the person each left. An unnamed person is
 * confirmed; a named one keeps its other guesses as guesses (see the rule above).
 */
export function removeFromPerson(db: Database, faceIds: readonly number[]): void {
  const states = requireFaces(db, faceIds);
  const persons = [...new Set(states.map((s) => s.personId).filter((p): p is number => p !== null))];
  if (!persons.length) throw new PeopleOperationError('these faces are not in any person');
  recordOperation(db, `Remove ${facesText(faceIds.length)}`, personScope(db, persons, faceIds), () => {
    assignFaces(db, faceIds, null, null);
    clearCovers(db, faceIds, null);
    for (const s of states) if (s.personId !== null) addNotPerson(db, s.id, s.personId);
    for (const p of persons) if (getPerson(db, p)?.name == null) confirm(db, p);
    deleteEmptyUnnamedPeople(db, persons);
    return {};
  });
}

/** Marks detections as not a face: out of every person, never clustered or suggested again. */
export function rejectFaces(db: Database, faceIds: readonly number[]): void {
  const states = requireFaces(db, faceIds);
  const persons = [...new Set(states.map((s) => s.personId).filter((p): p is number => p !== null))];
  recordOperation(db, `Reject ${facesText(faceIds.length)}`, { faceIds, personIds: persons }, () => {
    db.prepare(
      `UPDATE faces SET rejected = 1, person_id = NULL, assigned_by = NULL WHERE id IN (SELECT value FROM json_each(?))`,
    ).run(JSON.stringify(faceIds));
    db.prepare(`UPDATE people SET cover_face_id = NULL WHERE cover_face_id IN (SELECT value FROM json_each(?))`).run(
      JSON.stringify(faceIds),
    );
    deleteEmptyUnnamedPeople(db, persons);
    return {};
  });
}

/**
 * The user confirms the machine's guesses in a person: `faceIds` of them, or all. They become user labels (and may
 * train). Returns how many were guesses; none is a no-op that records no step.
 */
export function confirmFaces(db: Database, personId: number, faceIds?: readonly number[]): number {
  requirePerson(db, personId);
  if (faceIds) {
    const stray = requireFaces(db, faceIds).filter((s) => s.personId !== personId);
    if (stray.length)
      throw new PeopleOperationError(`face ${stray.map((s) => s.id).join(', ')} is not in person ${personId}`);
  }
  const guesses = faceIdsOfPerson(db, personId, 'machine').filter((id) => !faceIds || faceIds.includes(id));
  if (!guesses.length) return 0;
  recordOperation(db, `Confirm ${facesText(guesses.length)}`, { faceIds: guesses, personIds: [personId] }, () => {
    assignFaces(db, guesses, personId, 'user');
    return {};
  });
  return guesses.length;
}

/** Hides (or shows) a person, confirming it. */
export function hidePerson(db: Database, personId: number, hidden = true): void {
  requirePerson(db, personId);
  recordOperation(db, hidden ? 'Hide person' : 'Show person', personScope(db, [personId]), () => {
    updatePerson(db, personId, { hidden });
    confirm(db, personId);
    return {};
  });
}

/** Chooses the face shown for a person; the face must belong to that person. */
export function setCover(db: Database, personId: number, faceId: number): void {
  requirePerson(db, personId);
  const [state] = requireFaces(db, [faceId]);
  if (state.personId !== personId) throw new PeopleOperationError(`face ${faceId} is not in person ${personId}`);
  recordOperation(db, 'Set cover', personScope(db, [personId]), () => {
    updatePerson(db, personId, { coverFaceId: faceId });
    confirm(db, personId);
    return {};
  });
}
