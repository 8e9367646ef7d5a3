import { expect, it } from 'vitest';
import { isoInstant } from './iso-instant.js';

it.each([
  [[0, 0, 1, 0]],
  [[Date.parse('2026-03-02T08:00:10.000Z'), Date.parse('2026-03-02T08:00:10.000Z') + 1]],
  [[1_772_438_400_000, 1_772_438_410_000, 1_772_438_400_000, 1_772_438_400_000]],
])('formats instants %j as toISOString does, in any order', (instants) => {
  for (const ms of instants) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
});

it('throws on an invalid time, as toISOString does', () => {
  expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
});
