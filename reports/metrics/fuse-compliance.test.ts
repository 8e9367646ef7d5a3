import { describe, expect, it } from 'vitest';
import { circuitCompliance } from './fuse-compliance.js';

describe('circuitCompliance', () => {
  // 10 A circuit. L1: 8 A for 10 s, 12 A for 20 s, 16 A for 5 s, 5 A until 60 s. L2: 0. L3: 10 A flat.
  const series = {
    circuitId: 'main',
    limitPerPhaseA: 10,
    endMs: 60_000,
    samples: [
      { timeMs: 0, perPhaseA: { L1: 8, L2: 0, L3: 10 } },
      { timeMs: 10_000, perPhaseA: { L1: 12, L2: 0, L3: 10 } },
      { timeMs: 30_000, perPhaseA: { L1: 16, L2: 0, L3: 10 } },
      { timeMs: 35_000, perPhaseA: { L1: 5, L2: 0, L3: 10 } },
    ],
  };
  const c = circuitCompliance(series);

  it.each([
    { phase: 'L1', peakA: 16, overshootPct: 60, above: 25, above113: 25, above145: 5, ampS: 2 * 20 + 6 * 5 },
    { phase: 'L2', peakA: 0, overshootPct: 0, above: 0, above113: 0, above145: 0, ampS: 0 },
    { phase: 'L3', peakA: 10, overshootPct: 0, above: 0, above113: 0, above145: 0, ampS: 0 },
  ])(
    '$phase: peak $peakA A, $above s above, $ampS A·s above',
    ({ phase, peakA, overshootPct, above, above113, above145, ampS }) => {
      const p = c.phases.find((x) => x.phase === phase)!;
      expect(p).toMatchObject({
        peakA,
        overshootPct,
        secondsAboveLimit: above,
        secondsAbove113: above113,
        secondsAbove145: above145,
        ampereSecondsAbove: ampS,
      });
      expect(p.breakerB.verdict).toBe('holds');
      expect(p.breakerC.verdict).toBe('holds');
    },
  );

  it('reports the worst phase for the circuit and no trip', () => {
    expect(c).toMatchObject({
      peakA: 16,
      overshootPct: 60,
      secondsAboveLimit: 25,
      secondsAbove145: 5,
      wouldTrip: false,
    });
  });

  it('says a breaker would trip when 1.6 In is held for 10 minutes', () => {
    const tripping = circuitCompliance({
      circuitId: 'garage',
      limitPerPhaseA: 16,
      endMs: 600_000,
      samples: [{ timeMs: 0, perPhaseA: { L1: 25.6, L2: 0, L3: 0 } }],
    });
    expect(tripping.wouldTrip).toBe(true);
    expect(tripping.phases[0]!.breakerB).toMatchObject({ verdict: 'trips', mechanism: 'thermal' });
  });

  it('rejects samples out of time order', () => {
    expect(() =>
      circuitCompliance({
        circuitId: 'x',
        limitPerPhaseA: 10,
        samples: [
          { timeMs: 10, perPhaseA: { L1: 0, L2: 0, L3: 0 } },
          { timeMs: 5, perPhaseA: { L1: 0, L2: 0, L3: 0 } },
        ],
      }),
    ).toThrow(/time order/);
  });
});
