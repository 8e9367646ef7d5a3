import type { MeterValue, SampledValue } from '../../../schemas/types/ocpp16.js';
import { isoInstant } from '../iso-instant.js';
import { wirePhaseOf } from '../wire-phase.js';
import type { NeutralSample, NeutralSampledValue } from '../station-types.js';

/** Decimals shown per unit. */
const DECIMALS: Record<NeutralSampledValue['unit'], number> = { Wh: 1, W: 1, A: 2, V: 1, Percent: 1 };

/** The last value formatted per unit: per-phase values and voltages repeat within and across samples. */
const lastValue: Record<NeutralSampledValue['unit'], number> = {
  Wh: NaN,
  W: NaN,
  A: NaN,
  V: NaN,
  Percent: NaN,
};
const lastText: Record<NeutralSampledValue['unit'], string> = { Wh: '', W: '', A: '', V: '', Percent: '' };

/** `value.toFixed(DECIMALS[unit])`, formatted again only when the value changes. */
function decimalText(value: number, unit: NeutralSampledValue['unit']): string {
  if (value !== lastValue[unit]) {
    lastText[unit] = value.toFixed(DECIMALS[unit]);
    lastValue[unit] = value;
  }
  return lastText[unit];
}

/** A neutral sample as a 1.6 `meterValue` entry (values as decimal text, voltages phase-to-neutral). */
export function toV16MeterValue(sample: NeutralSample): MeterValue {
  const values = sample.values;
  const context = sample.context;
  const sampledValue: SampledValue[] = [];
  for (const v of values) {
    const out: SampledValue = {
      value: decimalText(v.value, v.unit),
      context,
      measurand: v.measurand,
      unit: v.unit,
    };
    const phase = wirePhaseOf(v);
    if (phase !== undefined) out.phase = phase;
    if (v.location !== undefined) out.location = v.location;
    sampledValue.push(out);
  }
  return { timestamp: isoInstant(sample.timeMs), sampledValue };
}
