import type { MeterValue, SampledValue } from '../../../schemas/types/ocpp16.js';
import type { NeutralSample, NeutralSampledValue } from '../station-types.js';

/** Decimals shown per unit. */
const DECIMALS: Record<NeutralSampledValue['unit'], number> = { Wh: 1, W: 1, A: 2, V: 1, Percent: 1 };

/** A neutral sample as a 1.6 `meterValue` entry (values as decimal text, voltages phase-to-neutral). */
export function toV16MeterValue(sample: NeutralSample): MeterValue {
  return {
    timestamp: new Date(sample.timeMs).toISOString(),
    sampledValue: sample.values.map((v): SampledValue => {
      const out: SampledValue = {
        value: v.value.toFixed(DECIMALS[v.unit]),
        context: sample.context,
        measurand: v.measurand,
        unit: v.unit,
      };
      if (v.phase !== undefined) out.phase = v.measurand === 'Voltage' ? `${v.phase}-N` : v.phase;
      if (v.location !== undefined) out.location = v.location;
      return out;
    }),
  };
}
