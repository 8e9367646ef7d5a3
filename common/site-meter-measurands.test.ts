import { describe, expect, it } from 'vitest';
import type { SiteMeterReading } from './site-meter.js';
import {
  readSiteMeterFromSampledValues,
  siteMeterSampledValues,
  type ReceivedSampledValue,
} from './site-meter-measurands.js';
import { PHASES } from './units.js';

/** An evening reading: home 14/10/12 A, chargers 32 A on L2, no PV; and a noon one exporting. */
const evening: SiteMeterReading = {
  timeMs: 1_000,
  voltageV: 230,
  homePerPhaseA: { L1: 14, L2: 10, L3: 12 },
  chargersPerPhaseA: { L1: 0, L2: 32, L3: 0 },
  pvPerPhaseA: { L1: 0, L2: 0, L3: 0 },
  gridPerPhaseA: { L1: 14, L2: 42, L3: 12 },
};
const noon: SiteMeterReading = {
  timeMs: 2_000,
  voltageV: 231.5,
  homePerPhaseA: { L1: 5.25, L2: 4.5, L3: 6 },
  chargersPerPhaseA: { L1: 16, L2: 16, L3: 16 },
  pvPerPhaseA: { L1: 14.49, L2: 14.49, L3: 14.49 },
  gridPerPhaseA: { L1: 6.76, L2: 6.01, L3: 7.51 },
};
const exporting: SiteMeterReading = {
  ...noon,
  chargersPerPhaseA: { L1: 0, L2: 0, L3: 0 },
  gridPerPhaseA: { L1: -9.24, L2: -9.99, L3: -8.49 },
};

function expectClose(a: SiteMeterReading | undefined, b: SiteMeterReading): void {
  expect(a).toBeDefined();
  expect(a!.timeMs).toBe(b.timeMs);
  expect(a!.voltageV).toBeCloseTo(b.voltageV, 1);
  for (const key of ['gridPerPhaseA', 'homePerPhaseA', 'pvPerPhaseA', 'chargersPerPhaseA'] as const) {
    for (const p of PHASES) expect(a![key][p]).toBeCloseTo(b[key][p], 2);
  }
}

describe('site meter as sampled values', () => {
  it.each([
    ['evening', evening],
    ['noon', noon],
    ['exporting', exporting],
  ])('round-trips the %s reading through 1.6 and 2.0.1 values', (_name, reading) => {
    expectClose(
      readSiteMeterFromSampledValues(siteMeterSampledValues(reading, '1.6'), { timeMs: reading.timeMs }),
      reading,
    );
    expectClose(
      readSiteMeterFromSampledValues(siteMeterSampledValues(reading, '2.0.1'), { timeMs: reading.timeMs }),
      reading,
    );
  });

  it('sends grid import and export at the Inlet, home and PV at the Body, per phase', () => {
    const values = siteMeterSampledValues(exporting, '1.6');
    const find = (measurand: string, location: string, phase?: string) =>
      values.find((v) => v.measurand === measurand && v.location === location && v.phase === phase)?.value;
    expect(find('Current.Import', 'Inlet', 'L1')).toBe('0.00');
    expect(find('Current.Export', 'Inlet', 'L2')).toBe('9.99');
    expect(find('Voltage', 'Inlet', 'L3-N')).toBe('231.5');
    expect(find('Current.Import', 'Body', 'L3')).toBe('6.00');
    expect(find('Current.Export', 'Body', 'L1')).toBe('14.49');
    expect(find('Power.Active.Export', 'Body')).toBe(String(Math.round(3 * 14.49 * 231.5)));
    expect(values.every((v) => v.context === 'Sample.Periodic')).toBe(true);
  });

  it('adds the own EV at the Outlet when asked, and keeps it out of the site reading', () => {
    const values = siteMeterSampledValues(evening, '2.0.1', { ownEvPowerW: 7360, context: 'Trigger' });
    expect(values.find((v) => v.location === 'Outlet')).toEqual({
      value: 7360,
      context: 'Trigger',
      measurand: 'Power.Active.Import',
      location: 'Outlet',
      unitOfMeasure: { unit: 'W' },
    });
    expectClose(readSiteMeterFromSampledValues(values, { timeMs: evening.timeMs }), evening);
  });

  it('is pure: the same reading gives the same values', () => {
    expect(siteMeterSampledValues(noon, '2.0.1')).toEqual(siteMeterSampledValues(noon, '2.0.1'));
  });

  it('reads values with multipliers and ignores other measurands', () => {
    const values: ReceivedSampledValue[] = [
      {
        value: 1.2,
        measurand: 'Current.Import',
        location: 'Inlet',
        phase: 'L1',
        unitOfMeasure: { unit: 'A', multiplier: 1 },
      },
      { value: '3', measurand: 'Current.Import', location: 'Inlet', phase: 'L2-N', unit: 'A' },
      { value: '1234', measurand: 'Energy.Active.Import.Register' },
      { value: '16', measurand: 'Current.Import', location: 'Outlet', phase: 'L1', unit: 'A' },
    ];
    const r = readSiteMeterFromSampledValues(values, { timeMs: 5, voltageV: 240 });
    expect(r).toEqual({
      timeMs: 5,
      voltageV: 240,
      gridPerPhaseA: { L1: 12, L2: 3, L3: 0 },
      homePerPhaseA: { L1: 12, L2: 3, L3: 0 },
      pvPerPhaseA: { L1: 0, L2: 0, L3: 0 },
      chargersPerPhaseA: { L1: 0, L2: 0, L3: 0 },
    });
  });

  it('is undefined without a grid current at the Inlet', () => {
    expect(
      readSiteMeterFromSampledValues([{ value: '16', measurand: 'Current.Import', phase: 'L1' }], {
        timeMs: 0,
      }),
    ).toBeUndefined();
  });
});
