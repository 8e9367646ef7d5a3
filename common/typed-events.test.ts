import { describe, expect, it } from 'vitest';
import { TypedEvents } from './typed-events.js';

interface Events extends Record<string, unknown> {
  tick: number;
}

describe('TypedEvents', () => {
  it('calls listeners in the order they were added, and not after they are removed', () => {
    const events = new TypedEvents<Events>();
    const seen: string[] = [];
    const offA = events.on('tick', (n) => seen.push(`a${n}`));
    events.on('tick', (n) => seen.push(`b${n}`));
    events.emit('tick', 1);
    offA();
    events.emit('tick', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('calls a listener added during an emit from the next emit on, with one listener or several', () => {
    for (const others of [0, 1]) {
      const events = new TypedEvents<Events>();
      const seen: string[] = [];
      for (let i = 0; i < others; i++) events.on('tick', (n) => seen.push(`other${n}`));
      const off = events.on('tick', (n) => {
        seen.push(`first${n}`);
        off();
        events.on('tick', (m) => seen.push(`added${m}`));
      });
      events.emit('tick', 1);
      events.emit('tick', 2);
      expect(seen).toEqual([
        ...(others ? ['other1'] : []),
        'first1',
        ...(others ? ['other2'] : []),
        'added2',
      ]);
    }
  });

  it('runs the other listeners when one throws, and hands the error to the hook', () => {
    const errors: unknown[] = [];
    const events = new TypedEvents<Events>((error) => errors.push(error));
    const seen: number[] = [];
    events.on('tick', () => {
      throw new Error('boom');
    });
    events.on('tick', (n) => seen.push(n));
    events.emit('tick', 7);
    expect(seen).toEqual([7]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    const alone = new TypedEvents<Events>((error) => errors.push(error));
    alone.on('tick', () => {
      throw new Error('alone');
    });
    alone.emit('tick', 1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom', 'alone']);
  });

  it('once: runs a listener for the first emit only', () => {
    const events = new TypedEvents<Events>();
    const seen: number[] = [];
    events.once('tick', (n) => seen.push(n));
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(seen).toEqual([1]);
  });
});
