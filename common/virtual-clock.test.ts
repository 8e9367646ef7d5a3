import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { VirtualClock } from './virtual-clock.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('VirtualClock', () => {
  it.each<[string, [string, number][], string[]]>([
    [
      'by due time',
      [
        ['c', 300],
        ['a', 100],
        ['b', 200],
      ],
      ['a', 'b', 'c'],
    ],
    [
      'ties in the order set',
      [
        ['first', 100],
        ['second', 100],
        ['third', 100],
      ],
      ['first', 'second', 'third'],
    ],
    [
      'negative delays as zero',
      [
        ['later', 1],
        ['now', -50],
      ],
      ['now', 'later'],
    ],
  ])('fires timers %s, each at its own due time', async (_name, timers, order) => {
    const clock = new VirtualClock({ startMs: T0 });
    const fired: [string, number][] = [];
    for (const [name, delay] of timers) clock.setTimer(() => fired.push([name, clock.now()]), delay);
    await clock.advanceBy(1_000);
    expect(fired.map(([n]) => n)).toEqual(order);
    const due = new Map(timers.map(([n, d]) => [n, T0 + Math.max(0, d)]));
    expect(fired.every(([n, t]) => t === due.get(n))).toBe(true);
    expect(clock.now()).toBe(T0 + 1_000);
  });

  it('fires 500 seeded timers, some cleared, by due time then by the order set', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const rng = new Rng('virtual-clock-order');
    const fired: number[] = [];
    const live: { n: number; dueMs: number }[] = [];
    for (let n = 0; n < 500; n++) {
      const delay = rng.int(0, 50) * 10;
      const handle = clock.setTimer(() => fired.push(n), delay);
      if (rng.chance(0.2)) clock.clearTimer(handle);
      else live.push({ n, dueMs: T0 + delay });
    }
    expect(clock.pendingTimers).toBe(live.length);
    await clock.advanceBy(1_000);
    const expected = [...live].sort((a, b) => a.dueMs - b.dueMs || a.n - b.n).map((t) => t.n);
    expect(fired).toEqual(expected);
  });

  it('does not fire a cleared timer and counts only live ones', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const fired: string[] = [];
    const a = clock.setTimer(() => fired.push('a'), 10);
    clock.setTimer(() => fired.push('b'), 20);
    clock.clearTimer(a);
    expect(clock.pendingTimers).toBe(1);
    expect(clock.nextTimerAt()).toBe(T0 + 20);
    await clock.advanceBy(100);
    expect(fired).toEqual(['b']);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('fires a timer set by a timer when it falls due within the same advance', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now() - T0);
      if (seen.length < 5) clock.setTimer(tick, 250);
    };
    clock.setTimer(tick, 250);
    await clock.advanceBy(1_000);
    expect(seen).toEqual([250, 500, 750, 1_000]);
    await clock.advanceBy(250);
    expect(seen).toEqual([250, 500, 750, 1_000, 1_250]);
  });

  it('resolves sleep() when time reaches it', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    let woke = false;
    const sleeping = clock.sleep(5_000).then(() => (woke = true));
    await clock.advanceBy(4_999);
    expect(woke).toBe(false);
    await clock.advanceBy(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('waits for tracked work before each jump, so work that sets timers is not overtaken', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const fired: number[] = [];
    clock.setTimer(() => {
      // Work that takes several event-loop turns (like a database query) and then sets a timer.
      const work = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
      void clock.tracker.track(work).then(() => clock.setTimer(() => fired.push(clock.now() - T0), 10));
    }, 100);
    clock.setTimer(() => fired.push(clock.now() - T0), 200);
    await clock.advanceBy(1_000);
    expect(fired).toEqual([110, 200]);
  });

  it.each([
    ['holds at the timer where the condition turns true', 3, true, 3_000],
    ['stops at the limit when it never does', 99, false, 10_000],
  ])('runUntil %s', async (_name, target, held, elapsedMs) => {
    const clock = new VirtualClock({ startMs: T0 });
    let count = 0;
    const tick = (): void => {
      count++;
      clock.setTimer(tick, 1_000);
    };
    clock.setTimer(tick, 1_000);
    expect(await clock.runUntil(() => count >= target, 10_000)).toBe(held);
    expect(clock.now() - T0).toBe(elapsedMs);
  });

  it.each([
    [
      'moving backwards',
      async (c: VirtualClock) => c.advanceTo(T0 - 1),
      /cannot move virtual time backwards/,
    ],
    [
      'advancing while an advance runs',
      async (c: VirtualClock) => {
        const first = c.advanceBy(10);
        try {
          await c.advanceBy(10);
        } finally {
          await first;
        }
      },
      /already running/,
    ],
  ])('refuses %s', async (_name, act, message) => {
    await expect(act(new VirtualClock({ startMs: T0 }))).rejects.toThrow(message);
  });

  it('refuses a start time that is not a number', () => {
    expect(() => new VirtualClock({ startMs: Number.NaN })).toThrow(
      /startMs must be a finite epoch-ms number/,
    );
  });
});
