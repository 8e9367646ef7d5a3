import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { fillAtCaps, progressiveFill, waterFill, type FillConstraint, type FillItem } from './water-fill.js';

/** Items and per-phase-like constraints drawn at random, some tight and some loose. */
function randomCase(rng: Rng): { items: FillItem[]; constraints: FillConstraint[] } {
  const n = rng.int(1, 12);
  const items = Array.from({ length: n }, () => {
    const cap = rng.chance(0.1) ? 0 : rng.uniform(6, 32);
    return { floor: Math.min(6, cap), cap, weight: rng.chance(0.8) ? 1 : rng.uniform(0.5, 2) };
  });
  const constraints = Array.from({ length: rng.int(1, 4) }, (_, k) => {
    const members = items
      .map((_, index) => ({ index, coeff: rng.chance(0.7) ? 1 : rng.uniform(0.2, 3) }))
      .filter(() => rng.chance(0.7));
    const atCaps = members.reduce((sum, m) => sum + m.coeff * items[m.index]!.cap, 0);
    return { id: `c${k}`, limit: atCaps * rng.uniform(0.5, 1.5), members };
  });
  return { items, constraints };
}

describe('waterFill when the caps fit (fillAtCaps)', () => {
  it('gives every admitted item its cap when the caps fit, as progressive filling does, and declines otherwise', () => {
    const rng = new Rng('fill-at-caps');
    let fitted = 0;
    let declined = 0;
    for (let k = 0; k < 3000; k++) {
      const { items, constraints } = randomCase(rng);
      // Now and then an item is left out of the order: it gets nothing either way.
      const order = items.map((_, i) => i).filter(() => rng.chance(0.9));
      const admitted = (i: number): boolean => order.includes(i);
      const full = progressiveFill(items, constraints, order);
      const fast = fillAtCaps(items, constraints, order);
      if (fast === undefined) {
        declined++;
        // Some constraint is over its limit at the caps: progressive filling leaves somebody below.
        expect(full.values.some((v, i) => admitted(i) && v < Math.max(0, items[i]!.cap) - 1e-9)).toBe(true);
        expect(waterFill(items, constraints, order)).toEqual(full);
      } else {
        fitted++;
        expect(fast.values).toEqual(items.map((it, i) => (admitted(i) ? Math.max(0, it.cap) : 0)));
        expect(fast.limitedBy.every((by) => by === 'cap')).toBe(true);
        full.values.forEach((v, i) => expect(v).toBeCloseTo(fast.values[i]!, 6));
        expect(waterFill(items, constraints, order)).toEqual(fast);
      }
    }
    expect(fitted).toBeGreaterThan(500);
    expect(declined).toBeGreaterThan(500);
  });

  it('declines a constraint with a negative coefficient, whose floors may not fit even if the caps do', () => {
    const items = [
      { floor: 6, cap: 10, weight: 1 },
      { floor: 0, cap: 10, weight: 1 },
    ];
    const constraints = [
      {
        id: 'net',
        limit: 2,
        members: [
          { index: 0, coeff: 1 },
          { index: 1, coeff: -1 },
        ],
      },
    ];
    expect(fillAtCaps(items, constraints, [0, 1])).toBeUndefined();
  });
});
