import type { MeterValueType, SampledValueType } from '../../../schemas/types/ocpp201.js';
import type { NeutralSample } from '../station-types.js';

/** A neutral sample as a 2.0.1 MeterValueType (numbers with unitOfMeasure; voltages phase-to-neutral). */
export function toV201MeterValue(sample: NeutralSample): MeterValueType {
  return {
    timestamp: new Date(sample.timeMs).toISOString(),
    sampledValue: sample.values.map((v): SampledValueType => {
      const out: SampledValueType = {
        value: v.value,
        context: sample.context,
        measurand: v.measurand,
        unitOfMeasure: { unit: v.unit },
      };
      if (v.phase !== undefined) out.phase = v.measurand === 'Voltage' ? `${v.phase}-N` : v.phase;
      if (v.location !== undefined) out.location = v.location;
      return out;
    }),
  };
}
