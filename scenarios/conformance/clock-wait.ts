import type { Clock } from '../../common/clock.js';
import { VirtualClock } from '../../common/virtual-clock.js';

/**
 * Waits on the run's clock until `condition()` holds or `limitMs` of clock time have passed. In
 * virtual time the wait itself moves the clock, timer by timer (the runner is the only one that
 * does); in real time it is woken by `nudge()` whenever something arrives.
 */
export class ClockWait {
  readonly #wakers = new Set<() => void>();

  constructor(readonly clock: Clock) {}

  /** Re-checks every waiting condition (call when a frame arrives or a call settles). */
  nudge(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  /** @returns whether the condition held before the limit */
  async until(condition: () => boolean, limitMs: number): Promise<boolean> {
    const clock = this.clock;
    if (clock instanceof VirtualClock) return clock.runUntil(condition, limitMs);
    if (condition()) return true;
    return new Promise<boolean>((resolve) => {
      const finish = (held: boolean): void => {
        this.#wakers.delete(wake);
        clock.clearTimer(timer);
        resolve(held);
      };
      const wake = (): void => {
        if (condition()) finish(true);
      };
      const timer = clock.setTimer(() => finish(condition()), limitMs);
      this.#wakers.add(wake);
    });
  }

  /** Lets `ms` of clock time pass. */
  async pass(ms: number): Promise<void> {
    const clock = this.clock;
    if (clock instanceof VirtualClock) await clock.advanceBy(ms);
    else await clock.sleep(ms);
  }

  /**
   * Settles `promise` within `limitMs` of clock time.
   * @returns the outcome, or `timeout`
   */
  async settle<T>(
    promise: Promise<T>,
    limitMs: number,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | 'timeout'> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then(
      (value) => {
        outcome = { ok: true, value };
        this.nudge();
      },
      (error: unknown) => {
        outcome = { ok: false, error };
        this.nudge();
      },
    );
    await this.until(() => outcome !== undefined, limitMs);
    return outcome ?? 'timeout';
  }
}
