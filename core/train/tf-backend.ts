/**
 * The one place that chooses where the head trains. Order: `@tensorflow/tfjs-node-gpu` when require()
 * finds it (optional dependency, absent here), else tfjs on WASM, else tfjs's pure-JS cpu backend.
 * Measured for this head (bench/train-bench.ts, 2 shared cores): 4.3-5.3 ms of CPU per step on WASM against
 * 19.9-20.6 ms on cpu (~4x), so WASM comes first. FACET_TRAIN_BACKEND=tfjs-node-gpu|wasm|cpu forces a choice.
 */
import * as tfCore from '@tensorflow/tfjs-core';
// Gradients: tfjs-core's CommonJS build registers none and dist/register_all_gradients is ESM-only (it loads under
// tsx but not in the compiled app, ERR_MODULE_NOT_FOUND); the union package's CommonJS build registers them all.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tfCore;
export type TrainBackendName = 'tfjs-node-gpu' | 'wasm' | 'cpu';

export interface TrainBackend {
  readonly tf: Tf;
  readonly name: TrainBackendName;
  readonly reason: string;
}

const ORDER: readonly TrainBackendName[] = ['tfjs-node-gpu', 'wasm', 'cpu'];
let current: Promise<TrainBackend> | null = null;
let currentKey = '';

/** Loads (once per choice) and returns the training backend. */
export function loadTrainBackend(prefer: TrainBackendName | 'auto' = 'auto'): Promise<TrainBackend> {
  const forced = (process.env.FACET_TRAIN_BACKEND ?? '') as TrainBackendName | '';
  const key = forced || prefer;
  if (!current || currentKey !== key) {
    currentKey = key;
    current = choose(forced && ORDER.includes(forced) ? forced : prefer);
  }
  return current;
}

async function choose(prefer: TrainBackendName | 'auto'): Promise<TrainBackend> {
  const tried: string[] = [];
  const candidates = prefer === 'auto' ? ORDER : [prefer, ...ORDER.filter((n) => n !== prefer)];
  for (const name of candidates) {
    try {
      const tf = await activate(name);
      const why = tried.length ? `; not ${tried.join('; not ')}` : '';
      return { tf, name, reason: `${name}${prefer === name ? ' (requested)' : ''}${why}` };
    } catch (err) {
      tried.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no training backend could start (${tried.join('; ')})`);
}

async function activate(name: TrainBackendName): Promise<Tf> {
  if (name === 'tfjs-node-gpu') {
    // Optional dependency: a plain require so that bundlers and tsc do not insist on it.
    const mod = require('@tensorflow/tfjs-node-gpu') as Tf;
    await mod.setBackend('tensorflow');
    await mod.ready();
    return mod;
  }
  if (!(await tfCore.setBackend(name))) throw new Error(`backend ${name} did not initialise`);
  await tfCore.ready();
  return tfCore;
}
