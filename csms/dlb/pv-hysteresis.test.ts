import { describe, expect, it } from 'vitest';
import { DEFAULT_DLB_SETTINGS } from './dlb-settings.js';
import { someMeasurements } from './dlb-test-builders.js';
import { nextPvState, PV_OFF, pvSurplusW } from './pv-hysteresis.js';
import type { PvState } from './pv-hysteresis.js';

const pv = DEFAULT_DLB_SETTINGS.pv; // on at 1400 W for 60 s, off below 1000 W for 300 s

describe('pvSurplusW', () => {
  it.each([
    { home: 2, pvA: 10, expected: 3 * 8 * 230 },
    { home: 10, pvA: 2, expected: -3 * 8 * 230 },
    { home: { L1: 5, L2: 0, L3: 0 }, pvA: 5, expected: 10 * 230 },
  ])('home $home A, PV $pvA A -> $expected W', ({ home, pvA, expected }) => {
    expect(pvSurplusW(someMeasurements(home, pvA))).toBeCloseTo(expected, 9);
  });
});

describe('nextPvState', () => {
  it('switches on only after the surplus stays above the threshold for the enable delay', () => {
    const steps: [number, number, boolean][] = [
      // [timeMs, surplusW, expected active]
      [0, 2000, false],
      [30_000, 2000, false],
      [40_000, 1200, false], // dropped below: the pending start is forgotten
      [50_000, 2000, false],
      [100_000, 2000, false],
      [110_000, 2000, true], // 60 s after 50 s
      [120_000, 1200, true], // between thresholds: stays on
      [130_000, 500, true],
      [400_000, 500, true],
      [430_000, 500, false], // 300 s after 130 s
    ];
    let state: PvState = PV_OFF;
    for (const [t, w, active] of steps) {
      state = nextPvState(state, w, pv, t);
      expect({ t, active: state.active }).toEqual({ t, active });
      expect(state.surplusW).toBe(w);
    }
  });

  it('does not flap when the surplus oscillates around one threshold', () => {
    let state: PvState = PV_OFF;
    let changes = 0;
    for (let t = 0; t < 3_600_000; t += 10_000) {
      const w = (t / 10_000) % 2 === 0 ? 1500 : 1300;
      const next = nextPvState(state, w, pv, t);
      if (next.active !== state.active) changes++;
      state = next;
    }
    expect(changes).toBe(0);
  });
});
