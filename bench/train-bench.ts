/**
 * Training time for 1k and 10k labelled faces (synthetic 128-D descriptors with identity structure, 10 faces per
 * person): the whole `facet train` use case (early-stopped training with setting 1a, the gate's held-out
 * figures and its 3-fold identity-disjoint cross-validation, the version written), and the cost of one training
 * step on each tfjs backend available. Target: a 1k-face retrain under 10 s on 2 cores.
 */
import { syntheticFaces } from '../core/verify/synthetic-faces';
import { seedLibrary } from '../core/verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../core/vision/types';
import { DEFAULT_SETTINGS } from '../core/train/settings';
import { loadTrainBackend, type TrainBackendName } from '../core/train/tf-backend';
import { trainFixedSteps } from '../core/train/trainer';
import { trainFromLabels, type TrainProgress } from '../core/train/train-service';

async function stepCost(name: TrainBackendName): Promise<void> {
  const backend = await loadTrainBackend(name);
  if (backend.name !== name) return console.log(`  ${name}: not available (${backend.reason})`);
  const { vectors, labels } = syntheticFaces({ identities: 100, perIdentity: 10, spread: 0.06 });
  const data = { vectors, labels, extraNegatives: { faces: new Int32Array(0), people: new Int32Array(0) } };
  await trainFixedSteps(backend, data, DEFAULT_SETTINGS, 10); // warm-up
  const t = performance.now();
  await trainFixedSteps(backend, data, DEFAULT_SETTINGS, 200);
  console.log(`  ${name}: ${((performance.now() - t) / 200).toFixed(2)} ms per step (8 people x 4 faces, linear head)`);
}

async function retrain(identities: number): Promise<void> {
  const { vectors, labels } = syntheticFaces({ identities, perIdentity: 10, spread: 0.06 });
  const { db } = seedLibrary(
    identities,
    Array.from(labels, (p, i) => ({ descriptor: vectors.slice(i * D, (i + 1) * D), person: p })),
  );
  const phases = new Map<string, number>();
  const r = await trainFromLabels(db, {
    onProgress: (p: TrainProgress) => phases.set(p.phase, (phases.get(p.phase) ?? 0) + 1),
  });
  console.log(
    `  ${labels.length} faces / ${identities} people: ${r.seconds.toFixed(1)} s total on ${r.backend} ` +
      `(steps: ${[...phases].map(([k, v]) => `${k} ${v}`).join(', ')}; chosen ${r.steps}); ` +
      `held-out VAL@1e-3 ${r.before.valAtFar1e3.toFixed(4)} -> ${r.after.valAtFar1e3.toFixed(4)}, ` +
      `unseen ${r.unseen.before.valAtFar1e3.toFixed(4)} -> ${r.unseen.after.valAtFar1e3.toFixed(4)}, activated ${r.activated}`,
  );
  db.close();
}

export async function run(): Promise<void> {
  console.log('step cost by backend:');
  for (const name of ['tfjs-node-gpu', 'wasm', 'cpu'] as const) await stepCost(name);
  await loadTrainBackend('auto');
  console.log('full retrain (facet train), setting 1a:');
  await retrain(100);
  await retrain(1000);
}
