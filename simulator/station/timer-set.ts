import type { Clock, TimerHandle } from '../../common/clock.js';

/**
 * Named one-shot timers on a {@link Clock}: setting a name again replaces its timer, and
 * `clearAll()` leaves nothing behind when a station stops (a virtual clock would otherwise keep
 * firing for it).
 */
export class TimerSet {
  readonly #timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` after `delayMs`, replacing any timer of the same name. */
  set(name: string, fn: () => void, delayMs: number): void {
    this.clear(name);
    const handle = this.clock.setTimer(() => {
      this.#timers.delete(name);
      fn();
    }, delayMs);
    this.#timers.set(name, handle);
  }

  /** True while a timer of that name is set. */
  has(name: string): boolean {
    return this.#timers.has(name);
  }

  /** Cancels the timer of that name, if any. */
  clear(name: string): void {
    const handle = this.#timers.get(name);
    if (handle !== undefined) {
      this.clock.clearTimer(handle);
      this.#timers.delete(name);
    }
  }

  /** Cancels every timer. */
  clearAll(): void {
    for (const handle of this.#timers.values()) this.clock.clearTimer(handle);
    this.#timers.clear();
  }
}
