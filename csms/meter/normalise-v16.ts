import type { MeterReading, MeterSample, WritableSample } from './meter-sample.js';
import { DEFAULT_MEASURAND } from './meter-sample.js';
import { defaultUnitOf, normaliseUnit } from './normalise-unit.js';

/** A 1.6 SampledValue as it arrives (schema-valid). */
export interface V16SampledValue {
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

/** A 1.6 MeterValue as it arrives. */
export interface V16MeterValue {
  timestamp: string;
  sampledValue: V16SampledValue[];
}

/** Normalises one 1.6 SampledValue (defaults: Energy.Active.Import.Register, unit by measurand). */
export function normaliseV16Sample(sv: V16SampledValue): MeterSample {
  const measurand = sv.measurand ?? DEFAULT_MEASURAND;
  const rawUnit = sv.unit;
  const unit = rawUnit ?? defaultUnitOf(measurand);
  const signed = sv.format === 'SignedData';
  const parsed = signed || sv.value.trim() === '' ? Number.NaN : Number(sv.value);
  const n = Number.isFinite(parsed) ? normaliseUnit(parsed, unit) : undefined;
  // Built field by field (no spreads: this runs for every sampled value), in the order of MeterSample.
  const sample: WritableSample = { measurand } as WritableSample;
  if (sv.phase !== undefined) sample.phase = sv.phase;
  if (sv.location !== undefined) sample.location = sv.location;
  if (sv.context !== undefined) sample.context = sv.context;
  sample.unit = n?.unit ?? unit;
  sample.value = n?.value ?? null;
  sample.rawValue = sv.value;
  if (rawUnit !== undefined) sample.rawUnit = rawUnit;
  if (sv.format !== undefined) sample.format = sv.format;
  return sample;
}

/** Normalises 1.6 MeterValue entries into readings. */
export function normaliseV16MeterValues(values: readonly V16MeterValue[]): MeterReading[] {
  return values.map((mv) => ({
    timeMs: Date.parse(mv.timestamp),
    samples: mv.sampledValue.map(normaliseV16Sample),
  }));
}
