/**
 * Training time for 1k and 10k labelled faces (synthetic 128-D descriptors, 10 faces per person, identity in 16
 * dimensions plus a shared nuisance a head can learn to drop, so that training has something to find and runs to
 * its step cap: the worst case): the whole `facet train` use case (early-stopped training with setting 1a, the
 * gate's held-out figures and its identity-disjoint cross-validation, the version written), and the cost of one
 * training step on each tfjs backend available, against tfjs's own optimizer and autodiff as the baseline.
 * Target: a 1k-face retrain under 10 s on 2 cores.
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs-core';
import { syntheticFaces } from '../core/verify/synthetic-faces';
import { seedLibrary } from '../core/verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../core/vision/types';
import { mineSemiHard } from '../core/train/semi-hard-miner';
import { DEFAULT_SETTINGS } from '../core/train/settings';
import { toyFaces } from '../core/train/testing/toy-faces';
import { loadTrainBackend, type TrainBackendName } from '../core/train/tf-backend';
import { trainFixedSteps } from '../core/train/trainer';
import { tripletLossAndGradient } from '../core/train/triplet-loss';
import { BatchSampler } from '../core/train/batch-sampler';
import { createRng } from '../core/verify/rng';
import { trainFromLabels } from '../core/train/train-service';
import { getHeadVersion } from '../core/space/versions-repo';

const STEPS = 500;
const stepData = () => {
  const { vectors, labels } = syntheticFaces({ identities: 100, perIdentity: 10, spread: 0.06 });
  return { vectors, labels, extraNegatives: { faces: new Int32Array(0), people: new Int32Array(0) } };
};

async function stepCost(name: TrainBackendName): Promise<number | null> {
  const backend = await loadTrainBackend(name);
  if (backend.name !== name) {
    console.log(`  ${name}: not available (${backend.reason})`);
    return null;
  }
  const data = stepData();
  await trainFixedSteps(backend, data, DEFAULT_SETTINGS, 50); // warm-up
  const t = performance.now();
  const cpu = process.cpuUsage();
  await trainFixedSteps(backend, data, DEFAULT_SETTINGS, STEPS);
  const used = process.cpuUsage(cpu);
  const ms = (performance.now() - t) / STEPS;
  console.log(
    `  ${name}: ${ms.toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / STEPS).toFixed(2)} ms CPU per step ` +
      '(8 people x 4 faces, linear head)',
  );
  return ms;
}

/**
 * The same step written the plain tfjs way (a tfjs variable, tf.train.adam, autodiff through the normalisation
 * and a regulariser in the graph; mining and the loss's gradient as before), as this project did until the step
 * was fused: the baseline the fused step is measured against.
 */
async function tfjsOpsStepCost(): Promise<number> {
  const { tf } = await loadTrainBackend('wasm');
  const data = stepData();
  const sampler = new BatchSampler(data, { people: 8, facesPerPerson: 4 }, createRng(1));
  const eye = tf.eye(D);
  const m = tf.variable(tf.eye(D));
  const optimizer = tf.train.adam(DEFAULT_SETTINGS.learningRate, 0.9, 0.999);
  const step = () => {
    const batch = sampler.next();
    const xb = new Float32Array(batch.rows.length * D);
    batch.rows.forEach((r, i) => xb.set(data.vectors.subarray(r * D, (r + 1) * D), i * D));
    const cost = optimizer.minimize(
      () => {
        const z = tf.matMul(tf.tensor2d(xb, [batch.rows.length, D]), m) as Tensor2D;
        const u = tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), 1, true), 1e-12))) as Tensor2D;
        const loss = tf.customGrad((...inputs) => {
          const e = inputs[0] as Tensor2D;
          const t = mineSemiHard(e.dataSync() as Float32Array, D, batch.labels, DEFAULT_SETTINGS.alpha);
          const { loss: l, grad } = tripletLossAndGradient(e.dataSync() as Float32Array, D, t, DEFAULT_SETTINGS.alpha);
          return { value: tf.scalar(l), gradFunc: (dy) => tf.mul(dy, tf.tensor(grad, e.shape)) };
        });
        const reg = tf.mul(DEFAULT_SETTINGS.mu, tf.sum(tf.square(tf.sub(m, eye))));
        return tf.add(loss(u) as Scalar, reg) as Scalar;
      },
      true,
      [m],
    );
    cost?.dataSync();
    cost?.dispose();
  };
  for (let i = 0; i < 50; i++) step();
  const t = performance.now();
  for (let i = 0; i < STEPS; i++) step();
  const ms = (performance.now() - t) / STEPS;
  tf.dispose([eye, m]);
  optimizer.dispose();
  console.log(`  wasm, tfjs ops + tf.train.adam (baseline): ${ms.toFixed(2)} ms wall per step`);
  return ms;
}

async function retrain(identities: number): Promise<void> {
  const { vectors, labels } = toyFaces({ kind: 'shared', people: identities, perPerson: 10, noise: 0.12 });
  const { db } = seedLibrary(
    identities,
    Array.from(labels, (p, i) => ({ descriptor: vectors.slice(i * D, (i + 1) * D), person: p })),
  );
  const cpu = process.cpuUsage();
  const r = await trainFromLabels(db);
  const used = process.cpuUsage(cpu);
  const metrics = getHeadVersion(db, r.version)!.metrics as { valCurve: { step: number }[] };
  const searched = metrics.valCurve.at(-1)?.step ?? 0;
  console.log(
    `  ${labels.length} faces / ${identities} people: ${r.seconds.toFixed(1)} s wall, ` +
      `${((used.user + used.system) / 1e6).toFixed(1)} s CPU on ${r.backend}, ${r.threads} threads ` +
      `(search ${searched} steps, chose ${r.steps}; ${r.unseen.folds} folds x ${r.steps} steps); ` +
      `held-out VAL@1e-3 ${r.before.valAtFar1e3.toFixed(4)} -> ${r.after.valAtFar1e3.toFixed(4)}, ` +
      `unseen ${r.unseen.before.valAtFar1e3.toFixed(4)} -> ${r.unseen.after.valAtFar1e3.toFixed(4)}, activated ${r.activated}`,
  );
  db.close();
}

export async function run(): Promise<void> {
  console.log('step cost by backend:');
  await stepCost('tfjs-node-gpu');
  await stepCost('cpu');
  // This machine's speed drifts by ±20% from minute to minute: alternate the two and compare medians.
  const fused: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < 3; round++) {
    fused.push((await stepCost('wasm'))!);
    baseline.push(await tfjsOpsStepCost());
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`  fused step vs tfjs ops on wasm (medians of 3): x${(median(baseline) / median(fused)).toFixed(2)}`);
  await loadTrainBackend('auto');
  console.log('full retrain (facet train), setting 1a, worst case (the search runs to its cap):');
  const sizes = (process.env.FACET_TRAIN_BENCH_SIZES ?? '100,1000').split(',').map(Number);
  for (const people of sizes) await retrain(people);
}
