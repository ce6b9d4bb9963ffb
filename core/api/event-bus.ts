import type { ApiEvents, ChangeTopic, EventName } from './contract';

type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

/** In-process pub/sub for the contract's events; transports subscribe and forward. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A broken subscriber (e.g. a closed connection) must not stop the others.
      }
    }
  }

  changed(...topics: ChangeTopic[]): void {
    this.emit('library.changed', { topics });
  }
}
