/** An opaque handle for a timer set on a {@link Clock}. */
export interface TimerHandle {
  readonly timerId: number;
}

/**
 * The only source of time in csms/ and simulator/. Times are epoch milliseconds (UTC).
 * `RealClock` follows the wall clock; `VirtualClock` jumps from timer to timer.
 */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `delayMs` (clamped to >= 0). */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer; cancelling a fired or unknown timer is a no-op. */
  clearTimer(handle: TimerHandle): void;
  /** Resolves after `durationMs`. */
  sleep(durationMs: number): Promise<void>;
}

/** The wall clock. */
export class RealClock implements Clock {
  #nextId = 1;
  readonly #timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timerId = this.#nextId++;
    const t = setTimeout(
      () => {
        this.#timers.delete(timerId);
        fn();
      },
      Math.max(0, delayMs),
    );
    this.#timers.set(timerId, t);
    return { timerId };
  }

  clearTimer(handle: TimerHandle): void {
    const t = this.#timers.get(handle.timerId);
    if (t !== undefined) {
      clearTimeout(t);
      this.#timers.delete(handle.timerId);
    }
  }

  sleep(durationMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, durationMs));
  }
}
