import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { BatchWriter } from './batch-writer.js';

function setup(options: { maxRows?: number; maxDelayMs?: number; failTimes?: number } = {}) {
  const clock = new VirtualClock({ startMs: 0 });
  const batches: number[][] = [];
  const errors: unknown[] = [];
  let failures = options.failTimes ?? 0;
  const writer = new BatchWriter<number>({
    clock,
    maxRows: options.maxRows ?? 3,
    maxDelayMs: options.maxDelayMs ?? 100,
    write: (rows) => {
      if (failures > 0) {
        failures--;
        return Promise.reject(new Error('database down'));
      }
      batches.push(rows);
      return Promise.resolve();
    },
    onError: (e) => errors.push(e),
  });
  return { clock, writer, batches, errors };
}

/** A writer whose every write waits until `finish()` is called (a database still busy with it). */
function slowSetup(maxRows: number) {
  const clock = new VirtualClock({ startMs: 0 });
  const batches: number[][] = [];
  let resolveWrite: (() => void) | undefined;
  const writer = new BatchWriter<number>({
    clock,
    maxRows,
    maxDelayMs: 100,
    write: (rows) =>
      new Promise<void>((resolve) => {
        batches.push(rows);
        resolveWrite = resolve;
      }),
  });
  const finish = (): void => {
    resolveWrite?.();
    resolveWrite = undefined;
  };
  return { clock, writer, batches, finish };
}

describe('BatchWriter', () => {
  it('writes full batches as soon as the buffer holds one, and the rest after the delay', async () => {
    const { clock, writer, batches } = setup();
    writer.add(1, 2, 3, 4, 5, 6, 7);
    await clock.settle();
    expect(clock.now()).toBe(0);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(writer.pending).toBe(1);
    await clock.advanceBy(99);
    writer.add(8);
    expect(batches).toHaveLength(2);
    await clock.advanceBy(1);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(8);
  });

  it('keeps rows that arrive while a full batch is written for a full batch of their own', async () => {
    const { clock, writer, batches, finish } = slowSetup(3);
    writer.add(1, 2, 3);
    await clock.settle();
    writer.add(4);
    finish();
    await clock.settle();
    // The first write is done: the one row that came meanwhile is no batch yet.
    expect(batches).toEqual([[1, 2, 3]]);
    expect(clock.now()).toBe(0);
    writer.add(5, 6);
    await clock.settle();
    finish();
    await clock.settle();
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('leaves rows that come in while a delayed batch is written for the next delay', async () => {
    const { clock, writer, batches, finish } = slowSetup(10);
    writer.add(1, 2);
    await clock.advanceBy(100);
    expect(batches).toEqual([[1, 2]]);
    writer.add(3);
    finish();
    await clock.settle();
    expect(batches).toEqual([[1, 2]]);
    expect(writer.pending).toBe(1);
    await clock.advanceBy(100);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('waits for the delay before writing a partial batch', async () => {
    const { clock, writer, batches } = setup();
    writer.add(1);
    await clock.advanceBy(99);
    expect(batches).toEqual([]);
    await clock.advanceBy(1);
    expect(batches).toEqual([[1]]);
  });

  it('flush() writes everything buffered, in order', async () => {
    const { writer, batches } = setup({ maxRows: 2 });
    writer.add(1);
    writer.add(2);
    writer.add(3);
    await writer.flush();
    expect(batches.flat()).toEqual([1, 2, 3]);
  });

  it('keeps rows after a failed write and writes them on the retry', async () => {
    const { clock, writer, batches, errors } = setup({ failTimes: 1, maxRows: 10 });
    writer.add(1, 2);
    await clock.advanceBy(100);
    expect(errors).toHaveLength(1);
    expect(writer.pending).toBe(2);
    await clock.advanceBy(1000);
    expect(batches).toEqual([[1, 2]]);
    expect(writer.pending).toBe(0);
  });

  it('rejects flush() when the write fails, keeping the rows', async () => {
    const { writer } = setup({ failTimes: 1 });
    writer.add(1);
    await expect(writer.flush()).rejects.toThrow('database down');
    expect(writer.pending).toBe(1);
    await writer.flush();
    expect(writer.pending).toBe(0);
  });

  it.each([[0], [1.5], [-1]])('refuses maxRows %s', (maxRows) => {
    expect(
      () => new BatchWriter({ clock: new VirtualClock({ startMs: 0 }), write: async () => {}, maxRows }),
    ).toThrow(/maxRows must be a positive integer/);
  });

  it('asks the database to settle only when a write of its own is in flight', async () => {
    const clock = new VirtualClock({ startMs: 0 });
    let settles = 0;
    // A write in the background finishes when the database thread is told to settle.
    let finish: (() => void) | undefined;
    const writer = new BatchWriter<number>({
      clock,
      maxRows: 2,
      write: () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
      settle: () => {
        settles++;
        finish?.();
        finish = undefined;
      },
    });
    await writer.flush();
    expect(settles).toBe(0);
    writer.add(1, 2);
    await clock.settle();
    expect(finish).toBeDefined();
    expect(writer.written).toBe(0);
    await writer.flush();
    expect(settles).toBe(1);
    expect(writer.written).toBe(2);
    await writer.flush();
    expect(settles).toBe(1);
    writer.add(3);
    await writer.flush();
    expect(settles).toBe(2);
    expect(writer.written).toBe(3);
  });
});
