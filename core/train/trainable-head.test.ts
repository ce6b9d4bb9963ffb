import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../verify/rng';
import { applyHead, identityLinearHead, type Head } from '../space/head';
import { DEFAULT_SETTINGS } from './settings';
import { toyFaces } from './testing/toy-faces';
import { loadTrainBackend } from './tf-backend';
import { createTrainableHead, embed } from './trainable-head';

test('embed on the backend maps faces like the stored head does in plain TS, for both architectures', async () => {
  const { tf } = await loadTrainBackend();
  const { vectors } = toyFaces({ kind: 'shared', people: 5, perPerson: 4 });
  const rng = createRng(4);
  for (const arch of ['linear', 'residual-mlp'] as const) {
    const trainable = createTrainableHead({ ...DEFAULT_SETTINGS, arch, hidden: 16 }, rng);
    for (const p of trainable.params) p.forEach((v, k) => (p[k] = v + 0.2 * (rng.next() - 0.5)));
    const head: Head = trainable.snapshot();
    const ours = embed(tf, head, vectors);
    const reference = applyHead(head, vectors);
    ours.forEach((v, k) => assert.ok(Math.abs(v - reference[k]) < 1e-5, `${arch} [${k}] ${v} vs ${reference[k]}`));
  }
  // No head: the backbone, only normalised.
  const backbone = applyHead(identityLinearHead(), vectors);
  embed(tf, null, vectors).forEach((v, k) => assert.ok(Math.abs(v - backbone[k]) < 1e-6));
});
