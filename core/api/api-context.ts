import type { Database } from 'better-sqlite3';
import type { FaceAnalyzer } from '../vision/types';
import type { EmbeddingMap } from './contract';
import { EventBus } from './event-bus';
import { JobRunner } from './job-runner';

export type AnalyzerFactory = () => Promise<FaceAnalyzer>;

/** Everything a handler may use: the library database, the event bus, the job runner and the face analyzer. */
export interface ApiContext {
  readonly db: Database;
  readonly events: EventBus;
  readonly jobs: JobRunner;
  /** The face analyzer, created on first use and then shared (it holds loaded networks). */
  analyzer(): Promise<FaceAnalyzer>;
  /** The analyzer if it has been created, without creating it. */
  loadedAnalyzer(): FaceAnalyzer | null;
  /** The last computed 2-D map, kept in memory (it is cheap to recompute and goes stale as faces change). */
  map: EmbeddingMap | null;
}

export function createApiContext(db: Database, createAnalyzer: AnalyzerFactory): ApiContext {
  const events = new EventBus();
  let pending: Promise<FaceAnalyzer> | null = null;
  let loaded: FaceAnalyzer | null = null;
  return {
    db,
    events,
    jobs: new JobRunner(events),
    map: null,
    analyzer() {
      pending ??= createAnalyzer().then(
        (a) => (loaded = a),
        (err: unknown) => {
          pending = null; // let a later call retry (e.g. after the models are built)
          throw err;
        },
      );
      return pending;
    },
    loadedAnalyzer: () => loaded,
  };
}
