import type { ApiEvents, Envelope, EventName, OpName } from '../core/api/contract';
import type { MediaKind } from '../core/api/media';

export type { MediaKind };

/** What the main process hands the engine worker when it starts it. */
export interface EngineWorkerData {
  /** The library database (better-sqlite3 lives in the worker only). */
  readonly dbPath: string;
  /** Where the ONNX models are (resources/models in development, the app's resources folder when packaged). */
  readonly modelDir?: string;
}

/** Kinds of media the `facet-media://` scheme serves (core/api/media.ts); each names a row id, never a path. */
export const MEDIA_KINDS = ['face', 'photo', 'thumb'] as const satisfies readonly MediaKind[];

export interface MediaBytes {
  readonly bytes: Uint8Array;
  readonly mime: string;
}

/** Messages from the main process to the worker. */
export type ToEngine =
  | { readonly type: 'call'; readonly id: number; readonly op: OpName; readonly args: unknown }
  | { readonly type: 'media'; readonly id: number; readonly kind: MediaKind; readonly mediaId: number }
  | { readonly type: 'close' };

/** Messages from the worker to the main process. */
export type FromEngine =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'media'; readonly id: number; readonly media: MediaBytes | null; readonly error?: string }
  | { readonly type: 'event'; readonly name: EventName; readonly payload: ApiEvents[EventName] }
  | { readonly type: 'closed' };
