import type { Clock, TimerHandle } from '../../common/clock.js';

interface Group {
  readonly key: string;
  readonly intervalMs: number;
  readonly offsetMs: number;
  readonly listeners: Map<number, (nowMs: number) => void>;
  handle?: TimerHandle;
}

/**
 * Calls listeners at clock-aligned instants (every multiple of their interval since the epoch),
 * as chargers do for aligned meter data. Listeners sharing an interval share one clock timer and
 * fire in the order they subscribed, so a fleet on a virtual clock wakes once per instant, not
 * once per station, and the order of frames is reproducible.
 */
export class AlignedTicker {
  readonly #groups = new Map<string, Group>();
  #nextId = 1;

  constructor(private readonly clock: Clock) {}

  /**
   * Calls `listener(nowMs)` at every multiple of `intervalMs` (shifted by `offsetMs`, to spread a
   * fleet's samples over the interval); returns a function that stops it.
   * @throws when the interval is not a positive number of milliseconds
   */
  every(intervalMs: number, listener: (nowMs: number) => void, offsetMs = 0): () => void {
    if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
      throw new Error(`ticker interval must be a positive number of ms, got ${intervalMs}`);
    }
    const offset = ((Math.round(offsetMs) % intervalMs) + intervalMs) % intervalMs;
    const key = `${intervalMs}@${offset}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { key, intervalMs, offsetMs: offset, listeners: new Map() };
      this.#groups.set(key, group);
      this.#arm(group);
    }
    const id = this.#nextId++;
    group.listeners.set(id, listener);
    const g = group;
    return () => {
      g.listeners.delete(id);
      if (g.listeners.size === 0) {
        if (g.handle !== undefined) this.clock.clearTimer(g.handle);
        this.#groups.delete(g.key);
      }
    };
  }

  /** Stops every listener. */
  stopAll(): void {
    for (const g of this.#groups.values()) if (g.handle !== undefined) this.clock.clearTimer(g.handle);
    this.#groups.clear();
  }

  #arm(group: Group): void {
    const now = this.clock.now();
    const next =
      (Math.floor((now - group.offsetMs) / group.intervalMs) + 1) * group.intervalMs + group.offsetMs;
    group.handle = this.clock.setTimer(() => {
      if (this.#groups.get(group.key) !== group) return;
      const at = this.clock.now();
      for (const listener of [...group.listeners.values()]) listener(at);
      if (group.listeners.size > 0) this.#arm(group);
    }, next - now);
  }
}
