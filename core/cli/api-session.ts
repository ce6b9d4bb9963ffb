/**
 * The CLI's way into the engine: the same in-process bridge, dispatch and handlers the app calls, over the library
 * the command opened. A failed call becomes an Error with the API's own words, which the commands print.
 */
import type { Database } from 'better-sqlite3';
import { createApiContext } from '../api/api-context';
import type { Args, FacetBridge, OpName, Result } from '../api/contract';
import { createBridge } from '../api/dispatch';
import { engine } from '../api/engine';

export interface ApiSession {
  call<K extends OpName>(op: K, args: Args<K>): Promise<Result<K>>;
  readonly bridge: FacetBridge;
}

export function apiSession(db: Database): ApiSession {
  const bridge = createBridge(createApiContext(db, engine.createFaceAnalyzer));
  return {
    bridge,
    async call(op, args) {
      const env = await bridge.call(op, args);
      if (!env.ok) throw new Error(env.error.message);
      return env.value;
    },
  };
}
