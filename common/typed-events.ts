/**
 * A small synchronous typed event emitter. `Events` maps event names to payload types.
 * A listener that throws does not stop the others; its error goes to the `onListenerError` hook
 * (default: rethrown on the next macrotask so it is never silently swallowed).
 */
export class TypedEvents<Events extends Record<string, unknown>> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(
    private readonly onListenerError: (error: unknown, event: keyof Events) => void = (error) => {
      queueMicrotask(() => {
        throw error;
      });
    },
  ) {}

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Adds a listener that runs once. */
  once<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Removes a listener. */
  off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Calls every listener of `event` with `payload`, in the order they were added. */
  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.#listeners.get(event);
    if (set === undefined || set.size === 0) return;
    // One listener (the common case, on every frame) needs no copy of the set to iterate safely.
    if (set.size === 1) {
      this.#call(set.values().next().value!, payload, event);
      return;
    }
    for (const listener of [...set]) this.#call(listener, payload, event);
  }

  #call<E extends keyof Events>(listener: (payload: never) => void, payload: Events[E], event: E): void {
    try {
      (listener as (p: Events[E]) => void)(payload);
    } catch (error) {
      this.onListenerError(error, event);
    }
  }

  /** Resolves with the next payload of `event` that satisfies `predicate`. */
  next<E extends keyof Events>(
    event: E,
    predicate: (payload: Events[E]) => boolean = () => true,
  ): Promise<Events[E]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        if (predicate(payload)) {
          off();
          resolve(payload);
        }
      });
    });
  }
}
