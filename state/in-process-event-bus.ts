import type { EventBus, OriginEventName, OriginEvents, OriginListener } from '../defs/events.ts';

/** The embedded event bus: synchronous delivery inside this process. A throwing listener never breaks the emitter. */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Map<OriginEventName, Set<(payload: never) => void>>();
  readonly #onListenerError: (event: OriginEventName, error: unknown) => void;

  constructor(options: { onListenerError?: (event: OriginEventName, error: unknown) => void } = {}) {
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  emit<E extends OriginEventName>(event: E, payload: OriginEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as OriginListener<E>)(payload);
      } catch (error) {
        this.#onListenerError(event, error);
      }
    }
  }

  on<E extends OriginEventName>(event: E, listener: OriginListener<E>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }
}
