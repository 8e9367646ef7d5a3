import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { seededFaker } from './seeded-faker.js';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('gives the same stream for the same seed and path, and another for another seed or path', () => {
    const a = draws(new Rng(42, 'station/CP001'), 20);
    expect(draws(new Rng(42, 'station/CP001'), 20)).toEqual(a);
    expect(draws(new Rng(43, 'station/CP001'), 20)).not.toEqual(a);
    expect(draws(new Rng(42, 'station/CP002'), 20)).not.toEqual(a);
  });

  it('keeps the stream of a seed stable across releases (recorded runs must replay)', () => {
    const rng = new Rng(42, 'station/CP001');
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([3388583514, 91576051, 1458057553]);
  });

  it('forks independent streams whatever the order of forking', () => {
    const root1 = new Rng('run-7');
    const a1 = root1.fork('a');
    const b1 = root1.fork('b');
    const root2 = new Rng('run-7');
    const b2 = root2.fork('b');
    const a2 = root2.fork('a');
    expect(draws(a1, 10)).toEqual(draws(a2, 10));
    expect(draws(b1, 10)).toEqual(draws(b2, 10));
    expect(draws(new Rng('run-7').fork('site').fork('pv'), 5)).toEqual(draws(new Rng('run-7', 'site/pv'), 5));
  });

  it('draws next() in [0, 1) and int() over both bounds inclusive', () => {
    const rng = new Rng(1);
    const xs = draws(rng, 10_000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const ints = new Set(Array.from({ length: 1_000 }, () => rng.int(-2, 2)));
    expect([...ints].sort()).toEqual([-1, -2, 0, 1, 2]);
  });

  it.each([
    ['non-integers', 0.5, 3],
    ['max below min', 5, 1],
  ])('refuses int() with %s', (_name, min, max) => {
    expect(() => new Rng(1).int(min, max)).toThrow(/needs integers min <= max/);
  });

  it('picks only from the list and weights by weight (a zero weight is never chosen)', () => {
    const rng = new Rng(3);
    const picks = new Set(Array.from({ length: 200 }, () => rng.pick(['x', 'y', 'z'])));
    expect([...picks].sort()).toEqual(['x', 'y', 'z']);
    const weighted = Array.from({ length: 2_000 }, () =>
      rng.weighted([
        { item: 'never', weight: 0 },
        { item: 'rare', weight: 1 },
        { item: 'common', weight: 9 },
      ]),
    );
    expect(weighted).not.toContain('never');
    const rare = weighted.filter((w) => w === 'rare').length / weighted.length;
    expect(rare).toBeGreaterThan(0.05);
    expect(rare).toBeLessThan(0.15);
  });

  it.each([
    ['an empty list to pick from', (r: Rng) => r.pick([]), /non-empty list/],
    ['no positive weight', (r: Rng) => r.weighted([{ item: 1, weight: 0 }]), /positive total weight/],
    [
      'a negative weight',
      (r: Rng) =>
        r.weighted([
          { item: 1, weight: 5 },
          { item: 2, weight: -1 },
        ]),
      /finite weights >= 0/,
    ],
  ])('refuses %s', (_name, act, message) => {
    expect(() => act(new Rng(1))).toThrow(message);
  });

  it('gives chance(0) never, chance(1) always, and normal draws around their mean', () => {
    const rng = new Rng(5);
    expect(Array.from({ length: 100 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => rng.chance(1)).every(Boolean)).toBe(true);
    const normals = Array.from({ length: 5_000 }, () => rng.normal(230, 2));
    const mean = normals.reduce((s, x) => s + x, 0) / normals.length;
    expect(Math.abs(mean - 230)).toBeLessThan(0.2);
  });

  it('seeds faker from the stream: same seed, same fake identities', () => {
    const names = (seed: number): string[] => {
      const faker = seededFaker(new Rng(seed, 'drivers'));
      return Array.from({ length: 3 }, () => faker.person.fullName());
    };
    expect(names(9)).toEqual(names(9));
    expect(names(9)).not.toEqual(names(10));
  });
});
