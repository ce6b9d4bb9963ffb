import type { Database } from 'better-sqlite3';
import { UMAP } from 'umap-js';
import { loadDescriptors, personOfFaces } from '../db/faces-repo';
import { mulberry32 } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import type { EmbeddingMap, MapPoint } from './contract';

export interface MapProgress {
  readonly signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

/** Scales coordinates into [0, 1] on both axes (keeping the aspect ratio would waste the view on outliers). */
function normalise(coords: number[][]): [number, number][] {
  const xs = coords.map((c) => c[0]);
  const ys = coords.map((c) => c[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = x1 - x0 || 1;
  const sy = y1 - y0 || 1;
  return coords.map((c) => [(c[0] - x0) / sx, (c[1] - y0) / sy]);
}

/**
 * 2-D UMAP layout of n descriptors (n x 128), normalised to [0, 1]², run epoch by epoch so that the event loop
 * keeps running and the job can be cancelled. Fewer than 3 points get a trivial layout (UMAP needs neighbours).
 */
export async function layoutUmap(vectors: Float32Array, n: number, job: MapProgress): Promise<[number, number][]> {
  if (n < 3) return normalise(Array.from({ length: n }, (_, i) => [i, 0]));
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from(vectors.subarray(i * DESCRIPTOR_SIZE, (i + 1) * DESCRIPTOR_SIZE)),
  );
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(15, n - 1)),
    minDist: 0.1,
    random: mulberry32(42),
  });
  const epochs = umap.initializeFit(rows);
  for (let e = 0; e < epochs; e++) {
    if (job.signal.aborted) throw new Error('cancelled');
    umap.step();
    job.progress(e + 1, epochs, `epoch ${e + 1} of ${epochs}`);
    if (e % 5 === 4) await new Promise((r) => setImmediate(r));
  }
  return normalise(umap.getEmbedding());
}

/** Every non-rejected face laid out in 2-D over the backbone descriptors (clustering's space). */
export async function computeEmbeddingMap(db: Database, job: MapProgress): Promise<EmbeddingMap> {
  const { ids, vectors } = loadDescriptors(db);
  const personOf = personOfFaces(db);
  const coords = await layoutUmap(vectors, ids.length, job);
  const points: MapPoint[] = coords.map(([x, y], i) => ({
    faceId: ids[i],
    personId: personOf.get(ids[i]) ?? null,
    x,
    y,
  }));
  return { computedAt: Date.now(), points, facesNow: points.length };
}
