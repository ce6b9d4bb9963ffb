/**
 * The worker side of the engine link: answers the main process's calls and media requests, and forwards every
 * contract event. Kept apart from the worker's entry file so that tests can drive it over a MessageChannel.
 */
import { EVENT_NAMES, type ApiEvents, type Envelope, type EventName, type OpName } from '../core/api/contract';
import type { FromEngine, MediaBytes, MediaKind, ToEngine } from './engine-protocol';

/** What the engine offers the link: the contract's dispatch, media bytes, events, and shutdown. */
export interface EngineServices {
  call(op: OpName, args: unknown): Promise<Envelope<unknown>>;
  media(kind: MediaKind, id: number): Promise<MediaBytes | null>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  close(): Promise<void> | void;
}

/** The part of a MessagePort (or `parentPort`) the host uses. */
export interface PortLike {
  on(event: 'message', listener: (message: ToEngine) => void): unknown;
  postMessage(message: FromEngine): void;
  /** Closing `parentPort` lets the worker thread end once the engine has let go of everything. */
  close?(): void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Serves `services` on `port` until a `close` message arrives; posts `ready` first. */
export function serveEngine(port: PortLike, services: EngineServices): void {
  const unsubscribe = EVENT_NAMES.map((name) =>
    services.on(name, (payload) => port.postMessage({ type: 'event', name, payload })),
  );
  port.on('message', (message) => {
    switch (message.type) {
      case 'call':
        services.call(message.op, message.args).then(
          (envelope) => port.postMessage({ type: 'result', id: message.id, envelope }),
          (err: unknown) =>
            port.postMessage({
              type: 'result',
              id: message.id,
              envelope: { ok: false, error: { code: 'internal', message: errorText(err) } },
            }),
        );
        return;
      case 'media':
        services.media(message.kind, message.mediaId).then(
          (media) => port.postMessage({ type: 'media', id: message.id, media }),
          (err: unknown) => port.postMessage({ type: 'media', id: message.id, media: null, error: errorText(err) }),
        );
        return;
      case 'close':
        for (const off of unsubscribe) off();
        Promise.resolve(services.close()).finally(() => {
          port.postMessage({ type: 'closed' });
          port.close?.();
        });
        return;
    }
  });
  port.postMessage({ type: 'ready' });
}
