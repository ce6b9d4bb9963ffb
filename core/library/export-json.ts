/**
 * `facet export --json`: the library as one JSON document, in a format other tools and the evaluation read
 * (keep it stable):
 *   { photos: [{ id, path, width, height, takenAt, error }],
 *     faces:  [{ id, photoId, path, box: { x, y, w, h }, score, landmarks, personId, personName, embedding }],
 *     people: [{ id, name }] }
 * Boxes and landmarks are in pixels of the photo as displayed; `landmarks` is [x0, y0, x1, y1, ...] (68
 * points); `embedding` is the 128-D backbone descriptor; `adaptedEmbedding` (only while a trained version is
 * active, core/train) is that descriptor in the matching space. Written row by row with backpressure, so 200k faces
 * never become one giant string.
 */
import type { Writable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import { iterateFacesForExport } from '../db/faces-repo';
import { iteratePhotos } from '../db/photos-repo';
import { iteratePeopleNames } from '../people/people-repo';
import { adaptedEmbedder } from '../train/adapted-export';

/** Float32 values need 9 significant digits to round-trip exactly; shorter than a double's 17. */
const f32 = (v: number) => Number(v.toPrecision(9));
const list = (v: Float32Array | null) => (v ? Array.from(v, f32) : null);

export async function exportLibraryJson(db: Database, out: Writable): Promise<{ photos: number; faces: number }> {
  // A reader that goes away (`| head`) surfaces as an 'error' event: turn it into a rejection of the next write.
  let failure: Error | null = null;
  const onError = (err: Error) => (failure = err);
  out.on('error', onError);
  const write = async (s: string) => {
    if (failure) throw failure;
    if (!out.write(s))
      await new Promise<void>((resolve) => {
        out.once('drain', resolve);
        out.once('error', () => resolve());
      });
  };
  let photos = 0;
  let faces = 0;
  await write('{"photos":[');
  for (const p of iteratePhotos(db)) {
    const row = { id: p.id, path: p.path, width: p.width, height: p.height, takenAt: p.takenAt, error: p.error };
    await write((photos++ ? ',\n' : '\n') + JSON.stringify(row));
  }
  await write('\n],"faces":[');
  const adapt = adaptedEmbedder(db);
  for (const f of iterateFacesForExport(db)) {
    const row = {
      id: f.id,
      photoId: f.photoId,
      path: f.path,
      box: { x: f32(f.box.x), y: f32(f.box.y), w: f32(f.box.w), h: f32(f.box.h) },
      score: f32(f.score),
      landmarks: list(f.landmarks),
      personId: f.personId,
      personName: f.personName,
      embedding: list(f.embedding),
      ...(adapt && f.embedding ? { adaptedEmbedding: list(adapt(f.embedding)) } : {}),
    };
    await write((faces++ ? ',\n' : '\n') + JSON.stringify(row));
  }
  await write('\n],"people":[');
  const people = iteratePeopleNames(db);
  let n = 0;
  for (const p of people) await write((n++ ? ',\n' : '\n') + JSON.stringify({ id: p.id, name: p.name }));
  // the last write resolves once flushed, so that a process.exit() right after cannot cut the document short
  await new Promise<void>((resolve, reject) => out.write('\n]}\n', (err) => (err ? reject(err) : resolve())));
  out.off('error', onError);
  if (failure) throw failure;
  return { photos, faces };
}
