/**
 * Entry of the engine worker thread (started by the main process): better-sqlite3, the face analyzer, scans,
 * clustering and training all run here, so the window never waits on them. The main process only routes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createApiContext } from '../core/api/api-context';
import { dispatch } from '../core/api/dispatch';
import { engine } from '../core/api/engine';
import { holdLibraryForWriting } from '../core/db/hold-library';
import { libraryMedia } from './engine-media';
import type { EngineWorkerData } from './engine-protocol';
import { serveEngine, type PortLike } from './engine-host';

function main(): void {
  if (!parentPort) throw new Error('engine-worker must run as a worker thread');
  const data = workerData as EngineWorkerData;
  // The vision module looks here for its ONNX models (packaged: <resources>/models, outside the asar).
  if (data.modelDir) process.env.FACET_MODEL_DIR = data.modelDir;
  // The app writes for as long as it runs: it holds the library's writer lock, the same way `facet serve` and
  // every writing CLI command take it. If a scan in a terminal holds it, starting fails with who holds it, and
  // the main process shows that in its "could not open your library" dialog.
  const library = holdLibraryForWriting(data.dbPath, 'the Facet app');
  const db = library.db;
  const ctx = createApiContext(db, () => engine.createFaceAnalyzer());
  serveEngine(parentPort as unknown as PortLike, {
    call: (op, args) => dispatch(ctx, op, args),
    media: libraryMedia(db),
    on: (event, listener) => ctx.events.on(event, listener),
    async close() {
      // Stop long jobs at their next committed step before the database closes under them.
      ctx.jobs.cancelAll();
      await ctx.jobs.whenIdle(4000);
      await ctx.loadedAnalyzer()?.dispose();
      library.release();
    },
  });
}

main();
