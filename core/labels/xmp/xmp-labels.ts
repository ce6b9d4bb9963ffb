/**
 * XMP face regions as labels: reading them from sidecars (or the photo's embedded packet) into the library as
 * user labels, and writing the user's named faces out to sidecars for other photo managers.
 */
import type { Database } from 'better-sqlite3';
import { emptyImportReport, importLabels, type ImportReport } from '../import-labels';
import { LABELS_FORMAT, LABELS_VERSION, type LabelPhoto, type LabelsFile } from '../labels-format';
import { peopleByIds, personIdsNamed, userLabelledFaces } from '../labels-repo';
import { readFaceRegions, writeFaceRegions, type FaceRegion } from './mwg-regions';
import { findSidecar, readEmbeddedXmp, readSidecar, sidecarCandidates, writeSidecarAtomically } from './sidecar';

export interface XmpProblem {
  readonly path: string;
  readonly error: string;
}

export interface XmpReadReport extends ImportReport {
  /** Photos whose XMP held at least one named face region. */
  readonly photosWithRegions: number;
  readonly problems: XmpProblem[];
}

interface PhotoRef {
  readonly id: number;
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

function analysedPhotos(db: Database, ids?: readonly number[]): PhotoRef[] {
  const base = `SELECT id, path, width, height FROM photos WHERE status = 'done' AND width IS NOT NULL`;
  return (
    ids
      ? db.prepare(`${base} AND id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(ids))
      : db.prepare(`${base} ORDER BY id`).all()
  ) as PhotoRef[];
}

/** The photo's named face regions: from its sidecar when it has one with regions, else from the file itself. */
function regionsOf(photoPath: string): FaceRegion[] {
  const sidecar = findSidecar(photoPath);
  if (sidecar) {
    const faces = readFaceRegions(readSidecar(sidecar)).faces;
    if (faces.length) return faces;
  }
  const embedded = readEmbeddedXmp(photoPath);
  return embedded ? readFaceRegions(embedded).faces : [];
}

/**
 * Reads MWG face regions of the library's analysed photos (all, or `photoIds`) and applies the named ones as
 * user labels (never overwriting a label the user gave in Facet). A broken sidecar is reported and skipped.
 */
export function readXmpLabels(db: Database, photoIds?: readonly number[]): XmpReadReport {
  const problems: XmpProblem[] = [];
  const names = new Map<string, string>();
  const photos: LabelPhoto[] = [];
  for (const p of analysedPhotos(db, photoIds)) {
    let faces: FaceRegion[];
    try {
      faces = regionsOf(p.path).filter((f) => f.name !== null);
    } catch (err) {
      problems.push({ path: p.path, error: (err as Error).message });
      continue;
    }
    if (!faces.length) continue;
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
  if (!photos.length) return { ...emptyImportReport(), photosWithRegions: 0, problems };
  const file: LabelsFile = {
    format: LABELS_FORMAT,
    version: LABELS_VERSION,
    exportedAt: new Date().toISOString(),
    people: [...names].map(([name, k]) => ({ key: k, name, hidden: false })),
    photos,
  };
  return { ...importLabels(db, file), photosWithRegions: photos.length, problems };
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
    entry.faces.push({
      name,
      box: { x: f.box.x / f.width, y: f.box.y / f.height, w: f.box.w / f.width, h: f.box.h / f.height },
    });
  }
  const problems: XmpProblem[] = [];
  let sidecarsWritten = 0;
  let facesWritten = 0;
  for (const p of byPhoto.values()) {
    const target = findSidecar(p.path) ?? sidecarCandidates(p.path)[0];
    try {
      const existing = findSidecar(p.path) ? readSidecar(target) : null;
      writeSidecarAtomically(target, writeFaceRegions(existing, p.faces, { w: p.width, h: p.height }));
      sidecarsWritten++;
      facesWritten += p.faces.length;
    } catch (err) {
      problems.push({ path: target, error: (err as Error).message });
    }
  }
  return { sidecarsWritten, facesWritten, problems };
}
