/**
 * The engine services the API calls, wired in one place. Each entry is the real service from core/*; an entry
 * whose service has not landed yet answers `unavailable` (an honest error the UI shows) instead of pretending.
 */
import type { Database } from 'better-sqlite3';
import type { FaceAnalyzer } from '../vision/types';
import { ApiFailure } from './contract';

export interface ScanProgressLike {
  readonly done: number;
  readonly total: number;
  readonly path?: string;
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
  createFaceAnalyzer: unavailable('face analysis'),
  scanFolders: unavailable('scanning'),
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
  previewAssignment: unavailable('threshold preview'),
  applyThreshold: unavailable('applying a threshold'),
  matchThreshold: unavailable('the match threshold'),
  train: unavailable('training'),
};
