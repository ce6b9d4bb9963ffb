import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedLibrary } from '../verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../vision/types';
import type { JobSnapshot } from '../jobs/job';
import { toyFaces } from './testing/toy-faces';
import { startTrainJob } from './train-job';

test('training progress counts the candidate and its folds, never passes its total, and ends at it', async () => {
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 9, perPerson: 8 });
  const { db } = seedLibrary(
    9,
    Array.from(labels, (p, i) => ({ descriptor: vectors.slice(i * D, (i + 1) * D), person: p })),
  );
  const job = startTrainJob(db, { settings: { learningRate: 3e-3, mu: 0, maxSteps: 120, patience: 40 } });
  const seen: JobSnapshot[] = [];
  job.onUpdate((s) => seen.push(s));
  const outcome = await job.finished;
  assert.equal(outcome.status, 'success');
  assert.ok(outcome.status === 'success' && outcome.result.steps > 0, 'the case trains (folds run)');
  const running = seen.filter((s) => s.status === 'running');
  for (const s of running) assert.ok(s.done >= 0 && s.done <= s.total, `${s.done} of ${s.total}`);
  const last = running.at(-1)!;
  assert.equal(last.done, last.total, 'every fit accounted for by the end');
  assert.ok(running.some((s) => /training on your labels/.test(s.message)));
  assert.ok(running.some((s) => /checking people it did not train on \(fold \d\/2\)/.test(s.message)));
  db.close();
});
