import { describe, expect, it } from 'vitest';
import { breakerVerdict, thermalTripTimeS } from './iec60898-breaker.js';
import type { BreakerCurve } from './iec60898-breaker.js';

const HOUR_MS = 3_600_000;
const constant = (currentA: number, durationMs: number) => [{ startMs: 0, durationMs, currentA }];

describe('IEC 60898-1 conventional points', () => {
  it.each([6, 16, 32, 40, 63])('%i A: no trip within 1 h at 1.13 In (both curves)', (ratedA) => {
    for (const curve of ['B', 'C'] as BreakerCurve[]) {
      expect(breakerVerdict(constant(1.13 * ratedA, HOUR_MS), ratedA, curve).verdict).toBe('holds');
    }
  });

  it.each([6, 16, 32, 40, 63])('%i A: trips within 1 h at 1.45 In', (ratedA) => {
    const v = breakerVerdict(constant(1.45 * ratedA, HOUR_MS), ratedA, 'B');
    expect(v).toMatchObject({ verdict: 'trips', mechanism: 'thermal' });
    expect(v.atMs!).toBeLessThan(HOUR_MS);
  });

  it.each([
    { ratedA: 6, minS: 1, maxS: 60 },
    { ratedA: 16, minS: 1, maxS: 60 },
    { ratedA: 32, minS: 1, maxS: 60 },
    { ratedA: 40, minS: 1, maxS: 120 },
    { ratedA: 63, minS: 1, maxS: 120 },
  ])('$ratedA A: trips between $minS s and $maxS s at 2.55 In', ({ ratedA, minS, maxS }) => {
    const t = thermalTripTimeS(2.55 * ratedA, ratedA);
    expect(t).toBeGreaterThan(minS);
    expect(t).toBeLessThan(maxS);
    const v = breakerVerdict(constant(2.55 * ratedA, 200_000), ratedA, 'C');
    expect(v.verdict).toBe('trips');
    expect(v.atMs).toBe(Math.round(t * 1000));
  });

  it.each([
    { curve: 'B' as const, multiple: 3, verdict: 'holds' },
    { curve: 'B' as const, multiple: 4, verdict: 'may-trip' },
    { curve: 'B' as const, multiple: 5, verdict: 'trips' },
    { curve: 'C' as const, multiple: 5, verdict: 'holds' },
    { curve: 'C' as const, multiple: 7, verdict: 'may-trip' },
    { curve: 'C' as const, multiple: 10, verdict: 'trips' },
  ])(
    'magnetic release: type $curve at $multiple In for 0.05 s -> $verdict',
    ({ curve, multiple, verdict }) => {
      const v = breakerVerdict(constant(multiple * 16, 50), 16, curve);
      expect(v.verdict).toBe(verdict);
      if (verdict !== 'holds') expect(v.mechanism).toBe('magnetic');
    },
  );

  it('heats up over successive intervals: 1.45 In in two halves trips at the same moment as in one piece', () => {
    const whole = breakerVerdict(constant(23.2, HOUR_MS), 16, 'B');
    const split = breakerVerdict(
      [
        { startMs: 0, durationMs: 100_000, currentA: 23.2 },
        { startMs: 100_000, durationMs: HOUR_MS, currentA: 23.2 },
      ],
      16,
      'B',
    );
    expect(split.atMs).toBe(whole.atMs);
  });

  it('cools down: 2 In for 30 s, rest for 10 min, 2 In for 30 s again holds (2 In alone trips after 63 s)', () => {
    expect(thermalTripTimeS(32, 16)).toBeCloseTo(-120 * Math.log(1 - (1.3 / 2) ** 2), 9);
    const v = breakerVerdict(
      [
        { startMs: 0, durationMs: 30_000, currentA: 32 },
        { startMs: 30_000, durationMs: 600_000, currentA: 0 },
        { startMs: 630_000, durationMs: 30_000, currentA: 32 },
      ],
      16,
      'B',
    );
    expect(v.verdict).toBe('holds');
    expect(v.peakThermalLoad).toBeGreaterThan(0.3);
    expect(v.peakThermalLoad).toBeLessThan(1);
  });
});
