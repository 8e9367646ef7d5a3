import { PHASES } from '../../common/units.js';
import type { Evse } from './evse.js';
import type { Measurand, NeutralSample, NeutralSampledValue, SampleContext } from './station-types.js';

/** Rounds to `digits` decimals (what a meter display would show). */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Reads an EVSE's meter: the measurands asked for, coherent with what the EV draws right now
 * (power = current x phases x voltage; the register is the integral of that power).
 * Call `evse.advance(nowMs)` first so the register is up to date.
 */
export function sampleEvse(
  evse: Evse,
  measurands: readonly string[],
  context: SampleContext,
  nowMs: number,
): NeutralSample {
  const values: NeutralSampledValue[] = [];
  const phaseCount = evse.activePhases;
  for (const m of measurands as readonly Measurand[]) {
    switch (m) {
      case 'Energy.Active.Import.Register':
        values.push({ measurand: m, value: round(evse.registerWh, 1), unit: 'Wh', location: 'Outlet' });
        break;
      case 'Power.Active.Import':
        values.push({ measurand: m, value: round(evse.powerW(), 1), unit: 'W', location: 'Outlet' });
        break;
      case 'Current.Import': {
        const value = round(evse.currentA(), 2);
        for (let i = 0; i < phaseCount; i++) {
          values.push({ measurand: m, value, unit: 'A', phase: PHASES[i]!, location: 'Outlet' });
        }
        break;
      }
      case 'Current.Offered':
        values.push({ measurand: m, value: round(evse.offeredA, 1), unit: 'A', location: 'Outlet' });
        break;
      case 'Voltage': {
        const value = round(evse.ratings.voltageV, 1);
        for (let i = 0; i < phaseCount; i++) {
          values.push({ measurand: m, value, unit: 'V', phase: PHASES[i]!, location: 'Outlet' });
        }
        break;
      }
      case 'SoC':
        if (evse.ev !== undefined) {
          values.push({ measurand: m, value: round(evse.ev.socPercent, 1), unit: 'Percent', location: 'EV' });
        }
        break;
      default:
        break;
    }
  }
  return { timeMs: nowMs, context, values };
}
