/**
 * XMP face regions as labels: reading them from sidecars (or the photo's embedded packet) into the library as
 * user labels, and writing the user's named faces out to sidecars for other photo managers.
 */
import type { Database } from 'better-sqlite3';
import { emptyImportReport, importLabels, type ImportReport } from '../import-labels';
import { LABELS_FORMAT, LABELS_VERSION, type LabelPhoto, type LabelsFile } from '../labels-format';
import { faceSlotsOfPhoto, peopleByIds, personIdsNamed, userLabelledFaces } from '../labels-repo';
import { matchBoxes, normaliseBox } from '../box-match';
import { iou } from '../../db/faces-repo';
import { analysedPhotosWithSize as analysedPhotos } from '../../db/photos-repo';
import { readFaceRegions, type FaceRegion, type RegionInfo, type UnreadableRegion } from './mwg-regions';
import { displayedToStored, readExifOrientation, storedToDisplayed, swapsAxes, type Orientation } from './orientation';
import { writeFaceRegions } from './region-writer';
import { findSidecar, readEmbeddedXmp, readSidecar, sidecarCandidates, writeSidecarAtomically } from './sidecar';

export interface XmpProblem {
  /** The file at fault: the sidecar itself, or the photo for its embedded XMP. */
  readonly path: string;
  readonly error: string;
}

/** Why a named region gave no label. */
export type UnmatchedReason =
  | { readonly kind: 'no face found' }
  | { readonly kind: 'too far'; readonly bestIou: number }
  | { readonly kind: 'unreadable'; readonly detail: UnreadableRegion };

export interface UnmatchedRegion {
  readonly photo: string;
  readonly name: string;
  readonly reason: UnmatchedReason;
}

export interface XmpReadReport extends ImportReport {
  /** Photos whose XMP held at least one named face region. */
  readonly photosWithRegions: number;
  /** Every named region that labelled no face, by photo. */
  readonly unmatched: UnmatchedRegion[];
  readonly problems: XmpProblem[];
}

interface PhotoRef {
  readonly id: number;
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

const plain = (err: unknown) => (err as Error).message ?? String(err);

/**
 * The photo's face regions from its sidecar when that has any, else from the file itself; a broken sidecar is
 * reported under its own name and the embedded regions are read instead.
 */
function regionsOf(photoPath: string, problems: XmpProblem[]): RegionInfo | null {
  const sidecar = findSidecar(photoPath);
  if (sidecar) {
    try {
      const info = readFaceRegions(readSidecar(sidecar));
      if (info.faces.length || info.unreadable.length) return info;
    } catch (err) {
      problems.push({
        path: sidecar,
        error: `not readable as XMP, so the photo's own regions were used (${plain(err)})`,
      });
    }
  }
  const embedded = readEmbeddedXmp(photoPath);
  if (!embedded) return null;
  try {
    return readFaceRegions(embedded);
  } catch (err) {
    problems.push({ path: photoPath, error: `the XMP inside the photo is not readable (${plain(err)})` });
    return null;
  }
}

/**
 * How the stored frame of the regions turns into the displayed frame of Facet's boxes: the file's EXIF
 * orientation, which sharp applied when the photo was analysed; the packet's tiff:Orientation only where this
 * cannot read the file's.
 */
function orientationOf(photoPath: string, info: { orientation: Orientation | null } | null): Orientation {
  return readExifOrientation(photoPath) ?? info?.orientation ?? 1;
}

/** Which named regions no detected face of the photo takes, and why. */
function unmatchedOf(db: Database, p: PhotoRef, faces: readonly FaceRegion[]): UnmatchedRegion[] {
  const slots = faceSlotsOfPhoto(db, p.id).map((s) => normaliseBox(s.box, p.width, p.height));
  const match = matchBoxes(
    faces.map((f) => f.box),
    slots,
  );
  return faces.flatMap((f, i) => {
    if (match[i] >= 0) return [];
    const bestIou = Math.max(0, ...slots.map((s) => iou(s, f.box)));
    // No detected face touches the region: the detector missed that face (or it is no face).
    const reason: UnmatchedReason =
      bestIou > 0 ? { kind: 'too far', bestIou: Math.round(bestIou * 100) / 100 } : { kind: 'no face found' };
    return [{ photo: p.path, name: f.name!, reason }];
  });
}

/**
 * Reads MWG face regions of the library's analysed photos (all, or `photoIds`) and applies the named ones as
 * user labels (never overwriting a label the user gave in Facet). A broken sidecar is reported and skipped.
 */
export function readXmpLabels(db: Database, photoIds?: readonly number[]): XmpReadReport {
  const problems: XmpProblem[] = [];
  const unmatched: UnmatchedRegion[] = [];
  const names = new Map<string, string>();
  const photos: LabelPhoto[] = [];
  for (const p of analysedPhotos(db, photoIds)) {
    const info = regionsOf(p.path, problems);
    if (!info) continue;
    for (const u of info.unreadable)
      unmatched.push({ photo: p.path, name: u.name, reason: { kind: 'unreadable', detail: u.reason } });
    const o = orientationOf(p.path, info);
    const faces = info.faces
      .filter((f) => f.name !== null)
      .map((f) => ({ name: f.name, box: storedToDisplayed(f.box, o) }));
    if (!faces.length) continue;
    unmatched.push(...unmatchedOf(db, p, faces));
    photos.push({
      hash: null,
      path: p.path,
      width: p.width,
      height: p.height,
      faces: faces.map((f) => {
        if (!names.has(f.name!)) names.set(f.name!, `n${names.size}`);
        return {
          box: { x: f.box.x * p.width, y: f.box.y * p.height, w: f.box.w * p.width, h: f.box.h * p.height },
          person: names.get(f.name!)!,
          rejected: false,
          notPerson: [],
        };
      }),
    });
  }
  if (!photos.length) return { ...emptyImportReport(), photosWithRegions: 0, unmatched, problems };
  const file: LabelsFile = {
    format: LABELS_FORMAT,
    version: LABELS_VERSION,
    exportedAt: new Date().toISOString(),
    people: [...names].map(([name, k]) => ({ key: k, name, hidden: false })),
    photos,
  };
  return { ...importLabels(db, file), photosWithRegions: photos.length, unmatched, problems };
}

/**
 * The scanner's hook: names in a newly analysed photo's XMP become user labels of its faces right away, so a
 * library tagged in digiKam or Lightroom arrives named. A sidecar that cannot be read is skipped here
 * (`facet xmp read` reports it).
 */
export function applyXmpFaceNames(db: Database, photoId: number): number {
  return readXmpLabels(db, [photoId]).facesLabelled;
}

export interface XmpWriteReport {
  readonly sidecarsWritten: number;
  readonly facesWritten: number;
  readonly problems: XmpProblem[];
}

/**
 * Writes the user's named, unrejected faces (of everyone, or of the people called `personName`) to each
 * photo's XMP sidecar, merging with what the sidecar already holds. Machine guesses are not written.
 */
export function writeXmpLabels(db: Database, personName?: string): XmpWriteReport {
  if (personName !== undefined && !personIdsNamed(db, personName).length)
    throw new Error(`nobody in the library is called "${personName}" (names are matched exactly)`);
  const faces = userLabelledFaces(db).filter((f) => f.personId !== null && !f.rejected);
  const people = new Map(peopleByIds(db, [...new Set(faces.map((f) => f.personId!))]).map((p) => [p.id, p]));
  const byPhoto = new Map<number, { path: string; width: number; height: number; faces: FaceRegion[] }>();
  for (const f of faces) {
    const name = people.get(f.personId!)?.name ?? null;
    if (name === null || (personName !== undefined && name !== personName)) continue;
    let entry = byPhoto.get(f.photoId);
    if (!entry) byPhoto.set(f.photoId, (entry = { path: f.path, width: f.width, height: f.height, faces: [] }));
    entry.faces.push({ name, box: normaliseBox(f.box, f.width, f.height) });
  }
  const problems: XmpProblem[] = [];
  let sidecarsWritten = 0;
  let facesWritten = 0;
  for (const p of byPhoto.values()) {
    const sidecar = findSidecar(p.path);
    const target = sidecar ?? sidecarCandidates(p.path)[0];
    try {
      const existing = sidecar ? readSidecar(sidecar) : null;
      const embedded = readEmbeddedXmp(p.path);
      // The packet's own orientation matters only where the file's cannot be read (see orientationOf).
      const o = orientationOf(p.path, existing ? readFaceRegions(existing) : null);
      const stored = swapsAxes(o) ? { w: p.height, h: p.width } : { w: p.width, h: p.height };
      const faces = p.faces.map((f) => ({ name: f.name, box: displayedToStored(f.box, o) }));
      writeSidecarAtomically(target, writeFaceRegions(existing, faces, stored, embedded));
      sidecarsWritten++;
      facesWritten += p.faces.length;
    } catch (err) {
      problems.push({ path: target, error: plain(err) });
    }
  }
  return { sidecarsWritten, facesWritten, problems };
}
