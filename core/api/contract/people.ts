import { z } from 'zod';
import { noArgs, page, rowId } from './common';

export interface PersonSummary {
  readonly id: number;
  /** Null for an unnamed cluster. */
  readonly name: string | null;
  readonly coverFaceId: number | null;
  readonly faceCount: number;
  /** Of faceCount, the faces the user labelled (the rest are the machine's guesses). */
  readonly userFaceCount: number;
  readonly hidden: boolean;
}

export interface FaceRef {
  readonly id: number;
  readonly photoId: number;
  readonly personId: number | null;
  readonly assignedBy: 'user' | 'machine' | null;
  readonly quality: number;
}

export interface FaceBox {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly personId: number | null;
  readonly personName: string | null;
  readonly rejected: boolean;
}

export interface PhotoDetail {
  readonly id: number;
  readonly path: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly takenAt: string | null;
  readonly faces: FaceBox[];
}

export interface PhotoRef {
  readonly id: number;
  readonly takenAt: string | null;
  /** The file's modification time (ms since 1970): the date to show when the photo has no EXIF date. */
  readonly fileTime: number;
  readonly width: number | null;
  readonly height: number | null;
}

export interface Suggestion {
  readonly personId: number;
  readonly name: string | null;
  readonly distance: number;
  /** The automatic naming rule (calibrated for strangers) would accept this person; false: probably not them. */
  readonly withinRule: boolean;
}

export interface UnsortedFace {
  readonly face: FaceRef;
  /** Best first; empty when no named person is near enough. */
  readonly suggestions: Suggestion[];
}

export interface UndoInfo {
  /** What the next undo would revert, for the status bar; null when there is nothing to undo. */
  readonly label: string | null;
  /** The step that undo would revert (a toast keeps it to undo its own step later); null with label. */
  readonly id: number | null;
  /** What redo would apply again; null when there is nothing to redo. */
  readonly redoLabel: string | null;
}

const faceIds = z.array(rowId).min(1).max(100_000);
const personName = z.string().trim().min(1, 'a name cannot be empty').max(200);

export const peopleOps = {
  'people.list': z.strictObject({ includeHidden: z.boolean().default(false) }),
  'people.get': z.strictObject({ personId: rowId }),
  'people.faces': z.strictObject({ personId: rowId }),
  'people.photos': z.strictObject({ personIds: z.array(rowId).min(1).max(20) }),
  'people.rename': z.strictObject({ personId: rowId, name: personName }),
  'people.mergePreview': z.strictObject({ personIds: z.array(rowId).min(2).max(1000) }),
  'people.merge': z.strictObject({ personIds: z.array(rowId).min(2).max(1000) }),
  'people.moveFaces': z.strictObject({ faceIds, toPersonId: rowId }),
  /** Splits some of a person's faces off into a new person. */
  'people.split': z.strictObject({ personId: rowId, faceIds, name: personName.optional() }),
  /** A new person from faces wherever they are (e.g. naming an unsorted face). */
  'people.create': z.strictObject({ faceIds, name: personName.optional() }),
  'people.removeFaces': z.strictObject({ personId: rowId, faceIds }),
  /** The user confirms the machine's guesses in a person (these faces, or all): they become user labels. */
  'people.confirmFaces': z.strictObject({ personId: rowId, faceIds: faceIds.optional() }),
  'people.rejectFaces': z.strictObject({ faceIds }),
  'people.hide': z.strictObject({ personId: rowId, hidden: z.boolean() }),
  'people.setCover': z.strictObject({ personId: rowId, faceId: rowId }),
  /** Other people ranked by distance to these faces, nearest first (the move picker's order). */
  'people.nearest': z.strictObject({ faceIds: z.array(rowId).min(1).max(1000) }),
  /** The latest step, or with `through` that step and every later one still in effect (a toast's own Undo). */
  'people.undo': z.strictObject({ through: rowId.optional() }),
  'people.redo': noArgs,
  'people.undoInfo': noArgs,
  /** Re-clusters every machine guess from scratch (user labels stay); runs as a job. */
  'people.recluster': noArgs,
  'photos.get': z.strictObject({ photoId: rowId }),
  'unsorted.list': z.strictObject({ ...page }),
  'unsorted.accept': z.strictObject({ faceId: rowId, personId: rowId }),
};

export interface PeopleResults {
  'people.list': PersonSummary[];
  'people.get': PersonSummary;
  'people.faces': FaceRef[];
  'people.photos': PhotoRef[];
  'people.rename': PersonSummary;
  'people.mergePreview': { into: PersonSummary; people: PersonSummary[]; faceCount: number };
  'people.merge': { into: number };
  'people.moveFaces': { moved: number };
  'people.split': { personId: number };
  'people.create': { personId: number };
  'people.removeFaces': { removed: number };
  /** How many guesses became user labels (0: none left; no undo step). */
  'people.confirmFaces': { confirmed: number };
  'people.rejectFaces': { rejected: number };
  'people.hide': PersonSummary;
  'people.setCover': PersonSummary;
  'people.nearest': { personId: number; distance: number }[];
  /** The label of the step undone (with `through`, the earliest of them); null when nothing was undone. */
  'people.undo': { undone: string | null; steps: number };
  'people.redo': { redone: string | null };
  'people.undoInfo': UndoInfo;
  'people.recluster': { jobId: string };
  'photos.get': PhotoDetail;
  'unsorted.list': { total: number; items: UnsortedFace[] };
  'unsorted.accept': { accepted: boolean };
}
