import type { MeterReading, MeterSample, WritableSample } from './meter-sample.js';
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
  // Built field by field (no spreads: this runs for every sampled value), in the order of MeterSample.
  const sample: WritableSample = { measurand } as WritableSample;
  if (sv.phase !== undefined) sample.phase = sv.phase;
  if (sv.location !== undefined) sample.location = sv.location;
  if (sv.context !== undefined) sample.context = sv.context;
  sample.unit = n.unit;
  sample.value = n.value;
  sample.rawValue = String(sv.value);
  if (rawUnit !== undefined) sample.rawUnit = rawUnit;
  if (sv.signedMeterValue !== undefined) sample.format = 'SignedData';
  return sample;
}

/** Normalises 2.0.1 MeterValue entries into readings. */
export function normaliseV201MeterValues(values: readonly V201MeterValue[]): MeterReading[] {
  return values.map((mv) => ({
    timeMs: Date.parse(mv.timestamp),
    samples: mv.sampledValue.map(normaliseV201Sample),
  }));
}
