/**
 * Training time for 1k and 10k labelled faces (synthetic 128-D descriptors, 10 faces per person, identity in 16
 * dimensions plus a shared nuisance a head can learn to drop, so that training has something to find): the whole `facet train` use case (early-stopped training with setting 1a, the gate's held-out
 * figures and its 3-fold identity-disjoint cross-validation, the version written), and the cost of one training
 * step on each tfjs backend available. Target: a 1k-face retrain under 10 s on 2 cores.
 */
import { syntheticFaces } from '../core/verify/synthetic-faces';
import { seedLibrary } from '../core/verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../core/vision/types';
import { DEFAULT_SETTINGS } from '../core/train/settings';
import { toyFaces } from '../core/train/testing/toy-faces';
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
  const cpu = process.cpuUsage();
  await trainFixedSteps(backend, data, DEFAULT_SETTINGS, 200);
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${name}: ${((performance.now() - t) / 200).toFixed(2)} ms wall, ` +
      `${((used.user + used.system) / 1000 / 200).toFixed(2)} ms CPU per step (8 people x 4 faces, linear head)`,
  );
}

async function retrain(identities: number): Promise<void> {
  const { vectors, labels } = toyFaces({ kind: 'shared', people: identities, perPerson: 10, noise: 0.12 });
  const { db } = seedLibrary(
    identities,
    Array.from(labels, (p, i) => ({ descriptor: vectors.slice(i * D, (i + 1) * D), person: p })),
  );
  const phases = new Map<string, number>();
  const cpu = process.cpuUsage();
  const r = await trainFromLabels(db, {
    onProgress: (p: TrainProgress) => phases.set(p.phase, (phases.get(p.phase) ?? 0) + 1),
  });
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `  ${labels.length} faces / ${identities} people: ${r.seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU on ${r.backend} ` +
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
  const sizes = (process.env.FACET_TRAIN_BENCH_SIZES ?? '100,1000').split(',').map(Number);
  for (const people of sizes) await retrain(people);
}
