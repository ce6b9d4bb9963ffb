import type { Database } from 'better-sqlite3';
import { LABELS_FORMAT, LABELS_VERSION, type LabelPhoto, type LabelsFile } from './labels-format';
import { peopleByIds, userLabelledFaces } from './labels-repo';

const personKey = (id: number) => `p${id}`;

/** Every user label in the library as a portable labels document (faces grouped by photo). */
export function exportLabels(db: Database, now = new Date()): LabelsFile {
  const faces = userLabelledFaces(db);
  const personIds = new Set<number>();
  const photos = new Map<number, LabelPhoto>();
  for (const f of faces) {
    if (f.personId !== null) personIds.add(f.personId);
    f.notPerson.forEach((id) => personIds.add(id));
    let photo = photos.get(f.photoId);
    if (!photo) {
      photo = { hash: f.hash, path: f.path, width: f.width, height: f.height, faces: [] };
      photos.set(f.photoId, photo);
    }
    photo.faces.push({
      box: f.box,
      person: f.personId === null ? null : personKey(f.personId),
      rejected: f.rejected,
      notPerson: f.notPerson.map(personKey),
    });
  }
  return {
    format: LABELS_FORMAT,
    version: LABELS_VERSION,
    exportedAt: now.toISOString(),
    people: peopleByIds(db, [...personIds]).map((p) => ({ key: personKey(p.id), name: p.name, hidden: p.hidden })),
    photos: [...photos.values()],
  };
}
