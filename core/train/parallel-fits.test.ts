import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitPool, type FitJob } from './parallel-fits';
import { DEFAULT_SETTINGS } from './settings';
import { toyFaces } from './testing/toy-faces';
import { loadTrainBackend } from './tf-backend';
import { TrainingCancelled } from './trainer';

const { vectors, labels } = toyFaces({ kind: 'shared', people: 8, perPerson: 6, noise: 0.3 });
const data = { vectors, labels, extraNegatives: { faces: new Int32Array(0), people: new Int32Array(0) } };
const settings = { ...DEFAULT_SETTINGS, learningRate: 1e-2, mu: 0 };

test('a fit gives the same head in a worker thread as in the calling thread', async () => {
  const backend = await loadTrainBackend();
  const pool = FitPool.start(backend, 2);
  try {
    assert.equal(await pool.ready(), 2, 'a worker started');
    const job: FitJob = { data, settings, parent: null, steps: 60 };
    const steps = new Map<number, number>();
    // Both executors start together: the calling thread takes job 0, the worker job 1.
    const [here, there] = await pool.run([job, job], { onStep: (i, r) => steps.set(i, r.step) });
    assert.equal(steps.get(1), 60, 'the worker reported its progress');
    assert.ok(here.head && there.head && here.head.arch === 'linear' && there.head.arch === 'linear');
    assert.deepEqual(there.head.m, here.head.m);
    assert.notDeepEqual(Array.from(here.head.m.slice(0, 8)), [1, 0, 0, 0, 0, 0, 0, 0], 'it trained');
  } finally {
    await pool.close();
  }
});

test('cancelling stops the fits in every thread and rejects with TrainingCancelled', async () => {
  const backend = await loadTrainBackend();
  const pool = FitPool.start(backend, 2);
  try {
    await pool.ready();
    const ac = new AbortController();
    const long: FitJob = { data, settings, parent: null, steps: 1_000_000 };
    const seen = new Set<number>();
    const run = pool.run([long, long], {
      signal: ac.signal,
      onStep: (i) => {
        seen.add(i);
        if (seen.size === 2) ac.abort();
      },
    });
    await assert.rejects(run, TrainingCancelled);
  } finally {
    await pool.close();
  }
});
