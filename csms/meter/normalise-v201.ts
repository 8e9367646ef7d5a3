import type { MeterReading, MeterSample } from './meter-sample.js';
import { DEFAULT_MEASURAND } from './meter-sample.js';
import { defaultUnitOf, normaliseUnit } from './normalise-unit.js';

/** A 2.0.1 SampledValue as it arrives (schema-valid). */
export interface V201SampledValue {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  signedMeterValue?: unknown;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

/** A 2.0.1 MeterValue as it arrives. */
export interface V201MeterValue {
  timestamp: string;
  sampledValue: V201SampledValue[];
}

/** Normalises one 2.0.1 SampledValue (unitOfMeasure multiplier applied, then the unit scaled). */
export function normaliseV201Sample(sv: V201SampledValue): MeterSample {
  const measurand = sv.measurand ?? DEFAULT_MEASURAND;
  const givenUnit = sv.unitOfMeasure?.unit;
  const multiplier = sv.unitOfMeasure?.multiplier ?? 0;
  const unit = givenUnit ?? defaultUnitOf(measurand);
  const n = normaliseUnit(sv.value, unit, multiplier);
  const rawUnit =
    sv.unitOfMeasure === undefined ? undefined : multiplier === 0 ? unit : `${unit}*10^${multiplier}`;
  return {
    measurand,
    ...(sv.phase === undefined ? {} : { phase: sv.phase }),
    ...(sv.location === undefined ? {} : { location: sv.location }),
    ...(sv.context === undefined ? {} : { context: sv.context }),
    unit: n.unit,
    value: n.value,
    rawValue: String(sv.value),
    ...(rawUnit === undefined ? {} : { rawUnit }),
    ...(sv.signedMeterValue === undefined ? {} : { format: 'SignedData' }),
  };
}

/** Normalises 2.0.1 MeterValue entries into readings. */
export function normaliseV201MeterValues(values: readonly V201MeterValue[]): MeterReading[] {
  return values.map((mv) => ({
    timeMs: Date.parse(mv.timestamp),
    samples: mv.sampledValue.map(normaliseV201Sample),
  }));
}
