import { syntheticFaces } from '../verify/synthetic-faces';
import { loadTrainBackend } from './tf-backend';
import { trainWithEarlyStopping } from './trainer';
import { DEFAULT_SETTINGS } from './settings';
async function main() {
  const b = await loadTrainBackend((process.argv[2] as 'wasm') ?? 'auto');
  const { vectors, labels } = syntheticFaces({ identities: 50, perIdentity: 20, spread: 0.08 });
  const t0 = performance.now();
  let n = 0;
  const r = await trainWithEarlyStopping(
    b.tf ? b : b,
    { vectors, labels, extraNegatives: { faces: new Int32Array(0), people: new Int32Array(0) } },
    { ...DEFAULT_SETTINGS, maxSteps: 400 },
    { onStep: () => n++ },
  );
  console.log(
    b.name,
    'steps run',
    n,
    'chosen',
    r.steps,
    'sec',
    ((performance.now() - t0) / 1000).toFixed(2),
    'ms/step',
    ((performance.now() - t0) / n).toFixed(2),
  );
  console.log(r.valCurve.slice(0, 5), r.valCurve.at(-1), r.lossCurve.slice(0, 3), r.lossCurve.at(-1), r.mining);
}
main();
