import type { ActivityTracker } from '../../common/activity-tracker.js';
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { RecomputeCause } from './dlb-events.js';

/** Timing of a {@link RecomputeScheduler}, read at every use so run-time changes apply at once. */
export interface RecomputeTiming {
  /** Meter-driven recomputes at most this often, ms. */
  readonly meterRecomputeMinMs: number;
  /** A recompute at least this often, ms. */
  readonly autoDispatchMs: number;
}

/**
 * Decides when the balancer recomputes: one cycle at a time (a request during a cycle runs once
 * more right after it), meter-driven requests rate-limited, and a timer that fires when nothing
 * else has triggered a cycle for `autoDispatchMs`.
 */
export class RecomputeScheduler {
  #lastRunMs = -Infinity;
  #meterTimer: TimerHandle | undefined;
  #autoTimer: TimerHandle | undefined;
  #running: Promise<void> | undefined;
  #pending: RecomputeCause | undefined;
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly timing: () => RecomputeTiming,
    private readonly cycle: (cause: RecomputeCause) => Promise<void>,
    private readonly onError: (where: string, err: unknown) => void,
    private readonly tracker?: ActivityTracker,
  ) {
    this.#armAuto();
  }

  /** Asks for a recompute; meter-driven ones wait out the minimum interval. Errors go to `onError`. */
  request(cause: RecomputeCause): void {
    if (this.#stopped) return;
    if (cause === 'meter') {
      const due = this.#lastRunMs + this.timing().meterRecomputeMinMs;
      const now = this.clock.now();
      if (now < due) {
        this.#meterTimer ??= this.clock.setTimer(() => {
          this.#meterTimer = undefined;
          this.request('meter');
        }, due - now);
        return;
      }
    }
    this.background(this.run(cause), `recompute (${cause})`);
  }

  /** Asks for one more cycle after the running one (e.g. after a rejection). */
  again(cause: RecomputeCause): void {
    this.#pending ??= cause;
  }

  /** Runs a cycle now (or after the running one); resolves when it is done. */
  run(cause: RecomputeCause): Promise<void> {
    if (this.#running !== undefined) {
      this.#pending ??= cause;
      return this.#running;
    }
    const run = (async () => {
      let next: RecomputeCause | undefined = cause;
      while (next !== undefined && !this.#stopped) {
        this.#pending = undefined;
        this.#lastRunMs = this.clock.now();
        if (this.#meterTimer !== undefined) {
          this.clock.clearTimer(this.#meterTimer);
          this.#meterTimer = undefined;
        }
        this.#armAuto();
        await this.cycle(next);
        next = this.#pending;
      }
    })().finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  /** Runs `work` in the background, counted as activity; failures go to `onError`. */
  background(work: Promise<unknown>, where: string): void {
    const tracked = this.tracker === undefined ? work : this.tracker.track(work);
    tracked.catch((err: unknown) => this.onError(where, err));
  }

  /** Cancels every timer; later requests are ignored. */
  stop(): void {
    this.#stopped = true;
    if (this.#meterTimer !== undefined) this.clock.clearTimer(this.#meterTimer);
    if (this.#autoTimer !== undefined) this.clock.clearTimer(this.#autoTimer);
  }

  #armAuto(): void {
    if (this.#stopped) return;
    if (this.#autoTimer !== undefined) this.clock.clearTimer(this.#autoTimer);
    this.#autoTimer = this.clock.setTimer(() => {
      this.#autoTimer = undefined;
      this.request('timer');
    }, this.timing().autoDispatchMs);
  }
}
