import { describe, expect, it } from 'vitest';
import { Rng } from '../common/rng.js';
import { downsampleMinMax, minMaxIndices } from './downsample.js';

function aSeries(count: number, seed = 1, valueAt?: (i: number, rng: Rng) => number | null) {
  const rng = new Rng(seed, 'series');
  const timesMs = Array.from({ length: count }, (_, i) => 1_000_000 + i * 10_000);
  const values = timesMs.map((_, i) => (valueAt ? valueAt(i, rng) : 40 + rng.normal(0, 3)));
  return { timesMs, values };
}

describe('min/max downsampling', () => {
  it.each([0, 1, 7, 2000])('keeps a trace of %i points as it is', (count) => {
    const s = aSeries(count);
    expect(downsampleMinMax(s, 2000)).toEqual(s);
  });

  it.each([
    { count: 8640, max: 2000 },
    { count: 8641, max: 2000 },
    { count: 100_000, max: 500 },
    { count: 2001, max: 2000 },
  ])('cuts $count samples to at most $max, first and last kept, times in order', ({ count, max }) => {
    const s = aSeries(count);
    const out = downsampleMinMax(s, max);
    expect(out.timesMs.length).toBeLessThanOrEqual(max);
    expect(out.timesMs.length).toBeGreaterThan(max / 2);
    expect(out.timesMs[0]).toBe(s.timesMs[0]);
    expect(out.timesMs.at(-1)).toBe(s.timesMs.at(-1));
    for (let i = 1; i < out.timesMs.length; i++) expect(out.timesMs[i]!).toBeGreaterThan(out.timesMs[i - 1]!);
  });

  it.each([1, 2, 3, 4, 5])('never hides the peak or the trough (seed %i)', (seed) => {
    const s = aSeries(8640, seed);
    const out = downsampleMinMax(s, 2000);
    const nums = (v: readonly (number | null)[]) => v.filter((x): x is number => x !== null);
    expect(Math.max(...nums(out.values))).toBe(Math.max(...nums(s.values)));
    expect(Math.min(...nums(out.values))).toBe(Math.min(...nums(s.values)));
  });

  it('keeps a one-sample overshoot in a day at 10 s steps', () => {
    const s = aSeries(8640, 9, (i) => (i === 4321 ? 75 : 50));
    const out = downsampleMinMax(s, 2000);
    const at = out.values.indexOf(75);
    expect(at).toBeGreaterThan(0);
    expect(out.timesMs[at]).toBe(s.timesMs[4321]);
  });

  it('keeps gaps as gaps', () => {
    const s = aSeries(9000, 2, (i) => (i >= 3000 && i < 3500 ? null : i));
    const out = downsampleMinMax(s, 2000);
    expect(out.values.length).toBeLessThanOrEqual(2000);
    expect(out.values).toContain(null);
    const gapTimes = out.timesMs.filter((_, i) => out.values[i] === null);
    for (const t of gapTimes) expect(t).toBeGreaterThanOrEqual(s.timesMs[3000]!);
  });

  it('picks extremes of the given value (the stacked total)', () => {
    const total = (i: number) => (i === 777 ? 1e6 : 1);
    expect(minMaxIndices(10_000, total, 100)).toContain(777);
  });

  it.each([0, 7, 10.5])('refuses maxPoints %s', (max) => {
    expect(() => minMaxIndices(10, () => 1, max)).toThrow(/maxPoints must be an integer of at least 8/);
  });

  it('refuses times and values of different lengths', () => {
    expect(() => downsampleMinMax({ timesMs: [1, 2], values: [1] })).toThrow(/differ in length/);
  });
});
