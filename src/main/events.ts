import type { EventName, EventPayload } from '../shared/contract';

export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * In-process fan-out of contract events. Domains emit here; each transport subscribes once and
 * forwards to its clients. A throwing listener never stops delivery to the others.
 */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (err) {
        console.error(`event listener failed for ${name}:`, err);
      }
    }
  }
}
