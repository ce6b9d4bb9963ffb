/**
 * The engine services the API calls, wired in one place (the Electron worker reuses it). Errors the engine
 * raises for a request that cannot be carried out become `conflict` envelopes with the engine's own words.
 */
import type { Database } from 'better-sqlite3';
import { scanFolders } from '../library/scan';
import { previewAssignment, reassignMachineGuesses } from '../people/assignment';
import {
  PeopleOperationError,
  hidePerson,
  mergePeople,
  moveFaces,
  rejectFaces,
  removeFromPerson,
  confirmFaces,
  renamePerson,
  setCover,
  splitPerson,
  undo,
  undoThrough,
  redo,
  undoState,
} from '../people/operations';
import { suggestPeople } from '../people/suggestions';
import { peopleNearFaces } from '../people/nearest-people';
import { updatePeople } from '../people/update-people';
import {
  NotEnoughLabelsError,
  activateVersion,
  rollbackVersion,
  trainFromLabels,
  type TrainProgress,
  type TrainReport,
} from '../train/train-service';
import { getMatchThreshold, matchThresholdInfo, setMatchThreshold } from '../space/thresholds';
import { createFaceAnalyzer } from '../vision';
import { ApiFailure } from './contract';

/** Runs `fn`, turning the engine's "cannot do that" errors into `conflict` failures. */
function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) return r.catch(rethrow) as R;
      return r;
    } catch (err) {
      return rethrow(err);
    }
  };
}

function rethrow(err: unknown): never {
  if (err instanceof PeopleOperationError || err instanceof NotEnoughLabelsError)
    throw new ApiFailure('conflict', err.message);
  throw err;
}

export const engine = {
  createFaceAnalyzer: () => createFaceAnalyzer(),
  scanFolders,

  rename: guard((db: Database, personId: number, name: string) => renamePerson(db, personId, name)),
  merge: guard((db: Database, survivorId: number, others: readonly number[]) => mergePeople(db, survivorId, others)),
  moveFaces: guard((db: Database, faceIds: readonly number[], toPersonId: number) =>
    moveFaces(db, faceIds, toPersonId),
  ),
  /** A new person from faces (named or not), wherever they were. */
  newPerson: guard((db: Database, faceIds: readonly number[], name: string | null) => moveFaces(db, faceIds, { name })),
  split: guard((db: Database, personId: number, faceIds: readonly number[], name: string | null) =>
    splitPerson(db, personId, faceIds, name),
  ),
  removeFromPerson: guard((db: Database, faceIds: readonly number[]) => removeFromPerson(db, faceIds)),
  confirmFaces: guard((db: Database, personId: number, faceIds?: readonly number[]) =>
    confirmFaces(db, personId, faceIds),
  ),
  rejectFaces: guard((db: Database, faceIds: readonly number[]) => rejectFaces(db, faceIds)),
  hide: guard((db: Database, personId: number, hidden: boolean) => hidePerson(db, personId, hidden)),
  setCover: guard((db: Database, personId: number, faceId: number) => setCover(db, personId, faceId)),
  undo: (db: Database) => undo(db),
  undoThrough: (db: Database, id: number) => undoThrough(db, id),
  redo: (db: Database) => redo(db),
  undoState: (db: Database) => undoState(db),
  undoLabel: (db: Database) => undoState(db).undo,
  /** Rebuilds every machine guess from scratch; user labels, rejections and "not this person" marks stay. */
  recluster: (db: Database) => updatePeople(db, { force: true }),
  nearestPeople: (db: Database, faceIds: readonly number[]) => peopleNearFaces(db, faceIds),
  suggestions: (db: Database, faceIds: readonly number[]) =>
    new Map(suggestPeople(db, { faceIds, top: 3 }).map((s) => [s.faceId, s.people])),

  previewAssignment,
  /**
   * The user's own choice on the slider: stored on the model faces are matched with, then machine guesses are
   * re-assigned at it, in one transaction (user labels are never candidates, so never touched).
   */
  applyThreshold: (db: Database, threshold: number) =>
    db.transaction(() => {
      const { modelId } = matchThresholdInfo(db, 'adapted');
      if (modelId === null) throw new ApiFailure('conflict', 'scan a folder first: there is no model to set it on');
      setMatchThreshold(db, modelId, threshold);
      return reassignMachineGuesses(db);
    })(),
  matchThreshold: getMatchThreshold,

  train: guard((db: Database, signal: AbortSignal, onProgress: (p: TrainProgress) => void): Promise<TrainReport> =>
    trainFromLabels(db, { signal, onProgress }),
  ),
  activate: (db: Database, id: number | null) => activateVersion(db, id),
  rollback: (db: Database) => rollbackVersion(db),
};
