import type { ApiContext } from '../api-context';
import { ApiFailure, type PersonSummary } from '../contract';
import { engine } from '../engine';
import type { HandlersFor } from '../handler';
import { photoDetail } from '../queries/library-queries';
import {
  facesOfPerson,
  getFaces,
  getPerson,
  listPeople,
  photosWithAll,
  unsortedFaces,
} from '../queries/people-queries';

function person(ctx: ApiContext, id: number): PersonSummary {
  const p = getPerson(ctx.db, id);
  if (!p) throw new ApiFailure('not_found', `no person with id ${id}`);
  return p;
}

/** Runs a user operation and tells every view that people and faces changed. */
function edit<T>(ctx: ApiContext, op: () => T): T {
  const result = op();
  ctx.events.changed('people', 'faces');
  return result;
}

/** Who a merge keeps: the first named person picked, else the largest (its name, cover and id survive). */
function survivor(people: readonly PersonSummary[]): PersonSummary {
  return people.find((p) => p.name !== null) ?? [...people].sort((a, b) => b.faceCount - a.faceCount || a.id - b.id)[0];
}

export const peopleHandlers: HandlersFor<
  | 'people.list'
  | 'people.get'
  | 'people.faces'
  | 'people.photos'
  | 'people.rename'
  | 'people.mergePreview'
  | 'people.merge'
  | 'people.moveFaces'
  | 'people.split'
  | 'people.create'
  | 'people.removeFaces'
  | 'people.confirmFaces'
  | 'people.rejectFaces'
  | 'people.hide'
  | 'people.setCover'
  | 'people.nearest'
  | 'people.undo'
  | 'people.redo'
  | 'people.undoInfo'
  | 'people.recluster'
  | 'photos.get'
  | 'unsorted.list'
  | 'unsorted.accept'
> = {
  'people.list': ({ includeHidden }, ctx) => listPeople(ctx.db, includeHidden),
  'people.get': ({ personId }, ctx) => person(ctx, personId),
  'people.faces': ({ personId }, ctx) => (person(ctx, personId), facesOfPerson(ctx.db, personId)),
  'people.photos': ({ personIds }, ctx) => photosWithAll(ctx.db, personIds),
  'people.rename': ({ personId, name }, ctx) => {
    person(ctx, personId);
    edit(ctx, () => engine.rename(ctx.db, personId, name));
    return person(ctx, personId);
  },
  'people.mergePreview': ({ personIds }, ctx) => {
    const people = [...new Set(personIds)].map((id) => person(ctx, id));
    if (people.length < 2) throw new ApiFailure('invalid_args', 'pick at least two different people');
    return { into: survivor(people), people, faceCount: people.reduce((n, p) => n + p.faceCount, 0) };
  },
  'people.merge': ({ personIds }, ctx) => {
    const people = [...new Set(personIds)].map((id) => person(ctx, id));
    if (people.length < 2) throw new ApiFailure('invalid_args', 'pick at least two different people');
    const into = survivor(people).id;
    const others = people.map((p) => p.id).filter((id) => id !== into);
    edit(ctx, () => engine.merge(ctx.db, into, others));
    return { into };
  },
  'people.moveFaces': ({ faceIds, toPersonId }, ctx) => {
    person(ctx, toPersonId);
    edit(ctx, () => engine.moveFaces(ctx.db, faceIds, toPersonId));
    return { moved: faceIds.length };
  },
  'people.split': ({ personId, faceIds, name }, ctx) => {
    person(ctx, personId);
    return { personId: edit(ctx, () => engine.split(ctx.db, personId, faceIds, name ?? null)) };
  },
  'people.create': ({ faceIds, name }, ctx) => ({
    personId: edit(ctx, () => engine.newPerson(ctx.db, faceIds, name ?? null)),
  }),
  'people.removeFaces': ({ personId, faceIds }, ctx) => {
    const own = new Set(facesOfPerson(ctx.db, person(ctx, personId).id).map((f) => f.id));
    const stray = faceIds.filter((id) => !own.has(id));
    if (stray.length) throw new ApiFailure('conflict', `face ${stray.join(', ')} is not in person ${personId}`);
    edit(ctx, () => engine.removeFromPerson(ctx.db, faceIds));
    return { removed: faceIds.length };
  },
  'people.confirmFaces': ({ personId, faceIds }, ctx) => {
    person(ctx, personId);
    return { confirmed: edit(ctx, () => engine.confirmFaces(ctx.db, personId, faceIds)) };
  },
  'people.rejectFaces': ({ faceIds }, ctx) => {
    edit(ctx, () => engine.rejectFaces(ctx.db, faceIds));
    return { rejected: faceIds.length };
  },
  'people.hide': ({ personId, hidden }, ctx) => {
    person(ctx, personId);
    edit(ctx, () => engine.hide(ctx.db, personId, hidden));
    return person(ctx, personId);
  },
  'people.setCover': ({ personId, faceId }, ctx) => {
    person(ctx, personId);
    edit(ctx, () => engine.setCover(ctx.db, personId, faceId));
    return person(ctx, personId);
  },
  'people.nearest': ({ faceIds }, ctx) => engine.nearestPeople(ctx.db, faceIds),
  'people.undo': ({ through }, ctx) => {
    if (through === undefined) {
      const undone = edit(ctx, () => engine.undo(ctx.db));
      return { undone, steps: undone === null ? 0 : 1 };
    }
    const labels = edit(ctx, () => engine.undoThrough(ctx.db, through));
    return { undone: labels.at(-1) ?? null, steps: labels.length };
  },
  'people.redo': (_args, ctx) => ({ redone: edit(ctx, () => engine.redo(ctx.db)) }),
  'people.undoInfo': (_args, ctx) => {
    const st = engine.undoState(ctx.db);
    return { label: st.undo, id: st.undoId, redoLabel: st.redo };
  },
  'people.recluster': (_args, ctx) => {
    const job = ctx.jobs.start('cluster', 'Re-clustering faces', async (job) => {
      job.progress(0, 1, 'clustering');
      // One transaction in the engine: it cannot be cut in half, so cancel takes effect only before it starts.
      await new Promise((r) => setImmediate(r));
      if (job.signal.aborted) return;
      const r = engine.recluster(ctx.db);
      job.progress(1, 1);
      ctx.events.changed('people', 'faces');
      return `${r.newPeople} people from ${r.clustered} faces, ${r.assigned} joined by nearest neighbours`;
    });
    return { jobId: job.id };
  },
  'photos.get': ({ photoId }, ctx) => {
    const photo = photoDetail(ctx.db, photoId);
    if (!photo) throw new ApiFailure('not_found', `no photo with id ${photoId}`);
    return photo;
  },
  'unsorted.list': ({ offset, limit }, ctx) => {
    const page = unsortedFaces(ctx.db, offset, limit);
    const suggestions = engine.suggestions(
      ctx.db,
      page.items.map((f) => f.id),
    );
    return {
      total: page.total,
      items: page.items.map((face) => ({ face, suggestions: suggestions.get(face.id) ?? [] })),
    };
  },
  'unsorted.accept': ({ faceId, personId }, ctx) => {
    person(ctx, personId);
    if (!getFaces(ctx.db, [faceId]).length) throw new ApiFailure('not_found', `no face with id ${faceId}`);
    edit(ctx, () => engine.moveFaces(ctx.db, [faceId], personId));
    return { accepted: true };
  },
};
