import { expect, it } from 'vitest';
import { RingQueue } from './ring-queue.js';

function drain(q: RingQueue<number>): number[] {
  const out: number[] = [];
  while (q.size > 0) out.push(q.shift()!);
  return out;
}

it('gives items back in the order they came, across wrap-arounds and growth', () => {
  const q = new RingQueue<number>();
  const expected: number[] = [];
  let next = 0;
  // Alternate small and large batches so the ring both wraps and grows while not empty.
  for (const [take, give] of [
    [5, 3],
    [7, 6],
    [20, 4],
    [1, 15],
    [40, 30],
  ] as const) {
    for (let i = 0; i < take; i++) {
      q.push(next);
      expected.push(next++);
    }
    for (let i = 0; i < give; i++) expect(q.shift()).toBe(expected.shift());
  }
  expect(q.size).toBe(expected.length);
  expect(q.peek()).toBe(expected[0]);
  expect(drain(q)).toEqual(expected);
  expect(q.shift()).toBeUndefined();
  expect(q.peek()).toBeUndefined();
});

it('retains the items asked for, in order, and counts by a predicate', () => {
  const q = new RingQueue<number>();
  for (let i = 0; i < 6; i++) q.push(i);
  q.shift();
  q.shift();
  for (let i = 6; i < 12; i++) q.push(i); // wraps past the end of the first ring
  expect(q.count((n) => n % 2 === 0)).toBe(5);
  q.retain((n, index) => index === 0 || n % 2 === 0);
  expect(q.size).toBe(5);
  q.push(12);
  expect(drain(q)).toEqual([2, 4, 6, 8, 10, 12]);
});
