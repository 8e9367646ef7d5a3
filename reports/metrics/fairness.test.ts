import { describe, expect, it } from 'vitest';
import { energyRatios, fairness, jainIndex } from './fairness.js';

describe('jainIndex', () => {
  it.each([
    { values: [1, 1, 1], expected: 1 },
    { values: [1, 0, 0, 0], expected: 0.25 },
    { values: [0.4, 0.8], expected: 0.9 },
    { values: [0, 0], expected: 1 },
    { values: [], expected: null },
  ])('$values -> $expected', ({ values, expected }) => {
    const j = jainIndex(values);
    if (expected === null) expect(j).toBeNull();
    else expect(j).toBeCloseTo(expected, 12);
  });
});

describe('fairness', () => {
  // t=0..10 s: s1 4/10, s2 8/10 (constrained), s3 10/10 (satisfied) -> J = 1.44 / (2 x 0.8) = 0.9
  // t=10..40 s: s1 5/10, s2 5/10 -> J = 1
  const f = fairness(
    [
      {
        timeMs: 0,
        sessions: [
          { sessionId: 's1', allocatedA: 4, demandA: 10 },
          { sessionId: 's2', allocatedA: 8, demandA: 10 },
          { sessionId: 's3', allocatedA: 10, demandA: 10 },
        ],
      },
      {
        timeMs: 10_000,
        sessions: [
          { sessionId: 's1', allocatedA: 5, demandA: 10 },
          { sessionId: 's2', allocatedA: 5, demandA: 10 },
        ],
      },
    ],
    40_000,
  );

  it('samples the index over the constrained sessions only', () => {
    expect(f.series.map((p) => p.constrained)).toEqual([2, 2]);
    expect(f.series[0]!.index).toBeCloseTo(0.9, 12);
    expect(f.series[1]!.index).toBeCloseTo(1, 12);
  });

  it('gives the time-weighted mean, the minimum and the whole-run index', () => {
    expect(f.meanIndex).toBeCloseTo((0.9 * 10 + 1 * 30) / 40, 12);
    expect(f.minIndex).toBeCloseTo(0.9, 12);
    // per-session averages 0.475 and 0.575 -> (1.05)^2 / (2 x (0.475^2 + 0.575^2))
    expect(f.wholeRunIndex).toBeCloseTo(1.1025 / (2 * (0.475 ** 2 + 0.575 ** 2)), 12);
    expect(f.contendedSeconds).toBe(40);
  });

  it('has no index when nobody wanted more than they got', () => {
    const none = fairness([{ timeMs: 0, sessions: [{ sessionId: 'a', allocatedA: 16, demandA: 16 }] }], 1000);
    expect(none).toMatchObject({ meanIndex: null, minIndex: null, wholeRunIndex: null, contendedSeconds: 0 });
    expect(none.series[0]).toEqual({ timeMs: 0, index: null, constrained: 0 });
  });
});

describe('energyRatios', () => {
  it('gives delivered / requested per EV with min, max, mean and Jain', () => {
    const r = energyRatios([
      { evId: 'a', requestedWh: 10_000, deliveredWh: 10_000 },
      { evId: 'b', requestedWh: 20_000, deliveredWh: 10_000 },
      { evId: 'c', requestedWh: 0, deliveredWh: 0 },
      { evId: 'd', requestedWh: 5_000, deliveredWh: 6_000 },
    ]);
    expect(r.perEv.map((e) => [e.evId, e.ratio])).toEqual([
      ['a', 1],
      ['b', 0.5],
      ['d', 1],
    ]);
    expect(r).toMatchObject({ minRatio: 0.5, maxRatio: 1 });
    expect(r.meanRatio).toBeCloseTo(2.5 / 3, 12);
    expect(r.jainIndex).toBeCloseTo(6.25 / (3 * 2.25), 12);
  });
});
