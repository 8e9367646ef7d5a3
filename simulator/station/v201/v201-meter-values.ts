import type { MeterValueType, SampledValueType } from '../../../schemas/types/ocpp201.js';
import { isoInstant } from '../iso-instant.js';
import { wirePhaseOf } from '../wire-phase.js';
import type { NeutralSample } from '../station-types.js';

/** A neutral sample as a 2.0.1 MeterValueType (numbers with unitOfMeasure; voltages phase-to-neutral). */
export function toV201MeterValue(sample: NeutralSample): MeterValueType {
  const values = sample.values;
  const context = sample.context;
  const sampledValue: SampledValueType[] = [];
  for (const v of values) {
    const out: SampledValueType = {
      value: v.value,
      context,
      measurand: v.measurand,
      unitOfMeasure: { unit: v.unit },
    };
    const phase = wirePhaseOf(v);
    if (phase !== undefined) out.phase = phase;
    if (v.location !== undefined) out.location = v.location;
    sampledValue.push(out);
  }
  return { timestamp: isoInstant(sample.timeMs), sampledValue };
}
