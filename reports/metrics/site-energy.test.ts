import { describe, expect, it } from 'vitest';
import { perPhaseOf } from '../../common/units.js';
import { energyFromRegisters, energyPerSession, siteEnergy } from './site-energy.js';

describe('siteEnergy', () => {
  it('integrates import, export and PV and gives the self-consumption share', () => {
    // 1 h importing 10 A x 3 x 230 V = 6.9 kW; then 1 h with 6.9 kW PV and 3.45 kW export.
    const s = siteEnergy(
      [
        { timeMs: 0, voltageV: 230, gridPerPhaseA: perPhaseOf(10), pvPerPhaseA: perPhaseOf(0) },
        { timeMs: 3_600_000, voltageV: 230, gridPerPhaseA: perPhaseOf(-5), pvPerPhaseA: perPhaseOf(10) },
      ],
      7_200_000,
    );
    expect(s.gridImportWh).toBeCloseTo(6900, 9);
    expect(s.gridExportWh).toBeCloseTo(3450, 9);
    expect(s.pvWh).toBeCloseTo(6900, 9);
    expect(s.pvSelfConsumption).toBeCloseTo(0.5, 12);
  });

  it('nets the phases: 10 A import on L1 and 10 A export on L2 is no flow', () => {
    const s = siteEnergy(
      [{ timeMs: 0, voltageV: 230, gridPerPhaseA: { L1: 10, L2: -10, L3: 0 }, pvPerPhaseA: perPhaseOf(0) }],
      3_600_000,
    );
    expect([s.gridImportWh, s.gridExportWh, s.pvSelfConsumption]).toEqual([0, 0, null]);
  });
});

describe('energy per session', () => {
  it('integrates power samples per session', () => {
    const e = energyPerSession(
      [
        { sessionId: 's1', timeMs: 0, powerW: 7000 },
        { sessionId: 's2', timeMs: 0, powerW: 11000 },
        { sessionId: 's1', timeMs: 1_800_000, powerW: 0 },
        { sessionId: 's1', timeMs: 3_600_000, powerW: 3500 },
      ],
      7_200_000,
    );
    expect(e.get('s1')).toBeCloseTo(7000, 9);
    expect(e.get('s2')).toBeCloseTo(22000, 9);
  });

  it('takes last minus first register reading', () => {
    const e = energyFromRegisters([
      { sessionId: 's1', timeMs: 60_000, registerWh: 1500 },
      { sessionId: 's1', timeMs: 0, registerWh: 1000 },
      { sessionId: 's1', timeMs: 120_000, registerWh: 4200 },
    ]);
    expect(e.get('s1')).toBe(3200);
  });
});
