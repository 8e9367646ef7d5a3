import { ActivityTracker } from './activity-tracker.js';
import type { Clock, TimerHandle } from './clock.js';

interface Timer {
  dueMs: number;
  seq: number;
  timerId: number;
  fn: () => void;
}

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Virtual time at start, epoch ms. */
  startMs: number;
  /** Shared with every transport whose frames time must wait for; one is made if absent. */
  tracker?: ActivityTracker;
}

/**
 * A clock that only moves when told to. `advanceTo(t)` fires due timers in order (by due time,
 * then by the order they were set) and, before each jump, waits until the process is idle: no
 * frame in flight on a tracked transport, no tracked promise pending, microtasks drained.
 * A simulated day over real sockets therefore runs as fast as the work itself.
 */
export class VirtualClock implements Clock {
  readonly tracker: ActivityTracker;
  #nowMs: number;
  #seq = 0;
  #nextId = 1;
  readonly #heap: Timer[] = [];
  readonly #live = new Set<number>();
  #advancing = false;

  constructor(options: VirtualClockOptions) {
    if (!Number.isFinite(options.startMs)) {
      throw new Error(`VirtualClock startMs must be a finite epoch-ms number, got ${options.startMs}`);
    }
    this.#nowMs = options.startMs;
    this.tracker = options.tracker ?? new ActivityTracker();
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timerId = this.#nextId++;
    const delay = Number.isFinite(delayMs) ? Math.max(0, delayMs) : 0;
    this.#push({ dueMs: this.#nowMs + delay, seq: this.#seq++, timerId, fn });
    this.#live.add(timerId);
    return { timerId };
  }

  clearTimer(handle: TimerHandle): void {
    this.#live.delete(handle.timerId);
  }

  sleep(durationMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, durationMs));
  }

  /** Number of timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#live.size;
  }

  /** Due time of the earliest live timer, or undefined when none is set. */
  nextTimerAt(): number | undefined {
    this.#dropCleared();
    return this.#heap[0]?.dueMs;
  }

  /** Waits until the process is idle without moving time. */
  settle(): Promise<void> {
    return this.tracker.waitIdle();
  }

  /**
   * Moves time to `targetMs`, firing every timer due up to and including it, each at its own
   * due time, waiting for idleness before every jump and once more at the end.
   */
  async advanceTo(targetMs: number): Promise<void> {
    if (targetMs < this.#nowMs) {
      throw new Error(`cannot move virtual time backwards (now ${this.#nowMs}, asked ${targetMs})`);
    }
    if (this.#advancing) throw new Error('advanceTo is already running: await it before advancing again');
    this.#advancing = true;
    try {
      for (;;) {
        await this.tracker.waitIdle();
        const next = this.nextTimerAt();
        if (next === undefined || next > targetMs) break;
        const timer = this.#pop();
        this.#live.delete(timer.timerId);
        this.#nowMs = Math.max(this.#nowMs, timer.dueMs);
        timer.fn();
      }
      this.#nowMs = targetMs;
      await this.tracker.waitIdle();
    } finally {
      this.#advancing = false;
    }
  }

  /** Moves time forward by `durationMs`. */
  advanceBy(durationMs: number): Promise<void> {
    return this.advanceTo(this.#nowMs + durationMs);
  }

  /**
   * Advances timer by timer until `condition()` holds or `limitMs` of virtual time have passed.
   * @returns whether the condition held.
   */
  async runUntil(condition: () => boolean, limitMs: number): Promise<boolean> {
    const deadline = this.#nowMs + limitMs;
    await this.tracker.waitIdle();
    while (!condition()) {
      const next = this.nextTimerAt();
      if (next === undefined || next > deadline) {
        await this.advanceTo(deadline);
        return condition();
      }
      await this.advanceTo(next);
    }
    return true;
  }

  #dropCleared(): void {
    while (this.#heap.length > 0 && !this.#live.has(this.#heap[0]!.timerId)) this.#pop();
  }

  /** Adds a timer: moves the hole from the end up past every later parent, then fills it. */
  #push(t: Timer): void {
    const h = this.#heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!earlier(t, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  /** Removes the earliest timer: the last one sinks from the top into place. */
  #pop(): Timer {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && earlier(h[r]!, h[l]!) ? r : l;
      if (!earlier(h[child]!, last)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
    return top;
  }
}

/** Heap order: by due time, then by the order the timers were set. */
function earlier(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}
