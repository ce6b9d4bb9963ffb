import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairStats, auc } from '../verify';
import { applyHead } from '../space/head';
import { DEFAULT_SETTINGS } from './settings';
import { toyFaces } from './testing/toy-faces';
import { loadTrainBackend } from './tf-backend';
import { trainFixedSteps, trainWithEarlyStopping, type TrainingData } from './trainer';

const none = { faces: new Int32Array(0), people: new Int32Array(0) };

test('on a separable toy set the triplet loss falls to near zero and the head separates the people', async () => {
  const backend = await loadTrainBackend();
  // Identity in 16 dimensions, heavy noise in the other 112: a linear map that drops the noise separates everyone.
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 8, perPerson: 6, noise: 0.3 });
  const data: TrainingData = { vectors, labels, extraNegatives: none };
  const s = { ...DEFAULT_SETTINGS, learningRate: 1e-2, mu: 0, evalEvery: 5 };
  const { head, lossCurve } = await trainFixedSteps(backend, data, s, 300);
  const first = lossCurve[0].value;
  const last = lossCurve.at(-1)!.value;
  assert.ok(first > 0.05, `the task starts hard (loss ${first})`);
  assert.ok(last < 0.005, `loss ${first} -> ${last}`);
  const before = auc(pairStats(vectors, labels));
  const after = auc(pairStats(applyHead(head, vectors), labels));
  assert.ok(after > before && after > 0.999, `AUC ${before} -> ${after}`);
});

test('early stopping keeps "no change" when no step helps, and is deterministic for a seed', async () => {
  const backend = await loadTrainBackend();
  // Already perfectly separated: nothing to gain, so step 0 (the identity) must win.
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 6, perPerson: 5, noise: 0.001 });
  const data: TrainingData = { vectors, labels, extraNegatives: none };
  const s = { ...DEFAULT_SETTINGS, maxSteps: 60, patience: 30 };
  const r = await trainWithEarlyStopping(backend, data, s);
  assert.equal(r.head, null);
  assert.equal(r.steps, 0);

  const noisy = toyFaces({ kind: 'shared', people: 6, perPerson: 6, noise: 0.15 });
  const d2: TrainingData = { vectors: noisy.vectors, labels: noisy.labels, extraNegatives: none };
  const s2 = { ...DEFAULT_SETTINGS, learningRate: 1e-2, mu: 0, maxSteps: 40, patience: 40 };
  const a = await trainWithEarlyStopping(backend, d2, s2);
  const b = await trainWithEarlyStopping(backend, d2, s2);
  assert.ok(a.head && b.head && a.head.arch === 'linear' && b.head.arch === 'linear');
  assert.deepEqual(a.head.m, b.head.m, 'same seed, same weights');
});

test('cancelling stops training with an error, not a half-made head', async () => {
  const backend = await loadTrainBackend();
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 6, perPerson: 4 });
  const ac = new AbortController();
  const run = trainFixedSteps(backend, { vectors, labels, extraNegatives: none }, DEFAULT_SETTINGS, 10_000, {
    signal: ac.signal,
    onStep: (r) => {
      if (r.step === 5) ac.abort();
    },
  });
  await assert.rejects(run, /cancelled/);
});
