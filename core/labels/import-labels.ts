import type { Database } from 'better-sqlite3';
import { matchBoxes, normaliseBox } from './box-match';
import type { LabelPerson, LabelsFile } from './labels-format';
import {
  addNotPerson,
  createPerson,
  dropContradictedGuess,
  faceSlotsOfPhoto,
  findLabelTargets,
  personIdsNamed,
  setRejected,
  setUserLabel,
} from './labels-repo';

export interface ImportReport {
  /** Photos of the file found in the library (by content hash, else by path). */
  readonly photosMatched: number;
  /** Photos of the file not in the library (not scanned yet, or deleted): their labels were not applied. */
  readonly photosMissing: number;
  readonly facesLabelled: number;
  readonly facesRejected: number;
  readonly notPersonMarks: number;
  /** Labelled faces of the file with no detected face overlapping them in the library's photo. */
  readonly facesUnmatched: number;
  /** Faces the user had already put in another person here: kept as they are, never overwritten. */
  readonly conflicts: number;
  readonly peopleCreated: number;
}

/**
 * Applies a labels file to the library in one transaction: photos are found by content hash then path, faces by
 * box overlap, people by exact name (unnamed ones are created). Every applied label becomes a user label;
 * existing user labels win over the file's.
 */
/** A report of nothing applied yet, for an import to count into. */
export function emptyImportReport(): { -readonly [K in keyof ImportReport]: ImportReport[K] } {
  return {
    photosMatched: 0,
    photosMissing: 0,
    facesLabelled: 0,
    facesRejected: 0,
    notPersonMarks: 0,
    facesUnmatched: 0,
    conflicts: 0,
    peopleCreated: 0,
  };
}

export function importLabels(db: Database, file: LabelsFile): ImportReport {
  const counts = emptyImportReport();
  const byKey = new Map<string, LabelPerson>(file.people.map((p) => [p.key, p]));
  const resolved = new Map<string, number>();
  // People are created only when a face of theirs lands, so a file for an unscanned library adds no empty people.
  const personId = (key: string): number => {
    const known = resolved.get(key);
    if (known !== undefined) return known;
    const p = byKey.get(key)!;
    let id = p.name !== null ? personIdsNamed(db, p.name)[0] : undefined;
    if (id === undefined) {
      id = createPerson(db, p.name, p.hidden);
      counts.peopleCreated++;
    }
    resolved.set(key, id);
    return id;
  };

  db.transaction(() => {
    for (const photo of file.photos) {
      const targets = findLabelTargets(db, photo.hash, photo.path);
      if (!targets.length) {
        counts.photosMissing++;
        continue;
      }
      counts.photosMatched++;
      const wanted = photo.faces.map((f) => normaliseBox(f.box, photo.width, photo.height));
      for (const target of targets) {
        const slots = faceSlotsOfPhoto(db, target.id);
        const match = matchBoxes(
          wanted,
          slots.map((s) => normaliseBox(s.box, target.width, target.height)),
        );
        photo.faces.forEach((label, i) => {
          const slot = match[i] >= 0 ? slots[match[i]] : undefined;
          if (!slot) {
            counts.facesUnmatched++;
            return;
          }
          if (label.person !== null) {
            // An unnamed person has no name to be found by: adopt the one a previous import put this face in.
            const key = label.person;
            if (!resolved.has(key) && byKey.get(key)!.name === null && slot.assignedBy === 'user' && slot.personUnnamed)
              resolved.set(key, slot.personId!);
            const pid = personId(key);
            if (slot.assignedBy === 'user' && slot.personId !== pid) counts.conflicts++;
            else {
              setUserLabel(db, slot.id, pid);
              counts.facesLabelled++;
            }
          }
          if (label.rejected && !slot.rejected) {
            setRejected(db, slot.id);
            counts.facesRejected++;
          }
          for (const key of label.notPerson) {
            const pid = personId(key);
            if (addNotPerson(db, slot.id, pid)) counts.notPersonMarks++;
            dropContradictedGuess(db, slot.id, pid);
          }
        });
      }
    }
  })();
  return counts;
}
