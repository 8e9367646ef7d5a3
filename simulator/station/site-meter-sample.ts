import { PHASES } from '../../common/units.js';
import type { SiteMeterReading } from '../../common/site-meter.js';
import type { NeutralSample, NeutralSampledValue } from './station-types.js';

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The site's meter as a home-charging installation reports it through its meter station, on
 * connector/EVSE 0: the grid connection as location Inlet (Current.Import per phase, signed:
 * export is negative; Power.Active.Import and Power.Active.Export in W) and the chargers together
 * as Power.Active.Import at location Outlet.
 */
export function sampleSiteMeter(reading: SiteMeterReading, nowMs: number): NeutralSample {
  const v = reading.voltageV;
  let gridW = 0;
  let chargersW = 0;
  const values: NeutralSampledValue[] = [];
  for (const phase of PHASES) {
    gridW += reading.gridPerPhaseA[phase] * v;
    chargersW += reading.chargersPerPhaseA[phase] * v;
    values.push({
      measurand: 'Current.Import',
      value: round(reading.gridPerPhaseA[phase], 2),
      unit: 'A',
      phase,
      location: 'Inlet',
    });
  }
  values.push(
    { measurand: 'Power.Active.Import', value: round(Math.max(0, gridW), 1), unit: 'W', location: 'Inlet' },
    { measurand: 'Power.Active.Export', value: round(Math.max(0, -gridW), 1), unit: 'W', location: 'Inlet' },
    { measurand: 'Power.Active.Import', value: round(chargersW, 1), unit: 'W', location: 'Outlet' },
  );
  return { timeMs: nowMs, context: 'Sample.Periodic', values };
}
