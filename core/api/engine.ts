/**
 * The engine services the API calls, wired in one place. Each entry is the real service from core/*; an entry
 * whose service has not landed yet answers `unavailable` (an honest error the UI shows) instead of pretending.
 */
import type { Database } from 'better-sqlite3';
import { scanFolders } from '../library/scan';
import { previewAssignment, reassignMachineGuesses } from '../people/assignment';
import { getMatchThreshold, matchThresholdInfo, setMatchThreshold } from '../verify/thresholds';
import { createFaceAnalyzer } from '../vision';
import type { FaceAnalyzer } from '../vision/types';
import { ApiFailure } from './contract';

export interface ScanProgressLike {
  readonly done: number;
  readonly total: number;
  readonly currentPath: string | null;
  readonly photosPerSecond: number | null;
  readonly etaSeconds: number | null;
}

export interface EngineServices {
  createFaceAnalyzer(): Promise<FaceAnalyzer>;
  scanFolders(
    db: Database,
    folders: string[],
    opts: { analyzer?: FaceAnalyzer; signal?: AbortSignal; onProgress?: (p: ScanProgressLike) => void },
  ): Promise<unknown>;
  rename(db: Database, personId: number, name: string): void;
  merge(db: Database, personIds: readonly number[]): number;
  moveFaces(db: Database, faceIds: readonly number[], toPersonId: number): number;
  split(db: Database, faceIds: readonly number[], name?: string): number;
  removeFromPerson(db: Database, personId: number, faceIds: readonly number[]): number;
  rejectFaces(db: Database, faceIds: readonly number[]): number;
  hide(db: Database, personId: number, hidden: boolean): void;
  setCover(db: Database, personId: number, faceId: number): void;
  undo(db: Database): string | null;
  undoLabel(db: Database): string | null;
  recluster(db: Database, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<unknown>;
  suggestions(
    db: Database,
    faceIds: readonly number[],
  ): Map<number, { personId: number; name: string | null; distance: number }[]>;
  previewAssignment(db: Database, threshold: number): { join: number; leave: number };
  applyThreshold(db: Database, threshold: number): { assigned: number; unassigned: number };
  matchThreshold(db: Database, space: 'backbone' | 'adapted'): number;
  train(
    db: Database,
    opts: { epochs?: number; signal: AbortSignal; onProgress: (done: number, total: number, loss?: number) => void },
  ): Promise<number>;
}

const unavailable = (what: string) => (): never => {
  throw new ApiFailure('unavailable', `${what} is not available in this build yet`);
};

export const engine: EngineServices = {
  createFaceAnalyzer: () => createFaceAnalyzer(),
  scanFolders,
  rename: unavailable('renaming people'),
  merge: unavailable('merging people'),
  moveFaces: unavailable('moving faces'),
  split: unavailable('splitting people'),
  removeFromPerson: unavailable('"not this person"'),
  rejectFaces: unavailable('"not a face"'),
  hide: unavailable('hiding people'),
  setCover: unavailable('setting a cover'),
  undo: unavailable('undo'),
  undoLabel: () => null,
  recluster: unavailable('re-clustering'),
  suggestions: () => new Map(),
  previewAssignment,
  // The user's own choice on the slider: stored on the model faces are matched with, then machine guesses are
  // re-assigned at it, in one transaction (user labels are never candidates, so never touched).
  applyThreshold: (db, threshold) =>
    db.transaction(() => {
      const { modelId } = matchThresholdInfo(db, 'adapted');
      if (modelId === null) throw new ApiFailure('conflict', 'scan a folder first: there is no model to set it on');
      setMatchThreshold(db, modelId, threshold);
      return reassignMachineGuesses(db);
    })(),
  matchThreshold: getMatchThreshold,
  train: unavailable('training'),
};
