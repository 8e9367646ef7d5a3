/** A value and unit in base units. */
export interface NormalisedValue {
  readonly unit: string;
  readonly value: number;
}

const SCALED: Record<string, { unit: string; factor: number }> = {
  kWh: { unit: 'Wh', factor: 1000 },
  MWh: { unit: 'Wh', factor: 1_000_000 },
  kW: { unit: 'W', factor: 1000 },
  MW: { unit: 'W', factor: 1_000_000 },
  mW: { unit: 'W', factor: 0.001 },
  mA: { unit: 'A', factor: 0.001 },
  kA: { unit: 'A', factor: 1000 },
  mV: { unit: 'V', factor: 0.001 },
  kV: { unit: 'V', factor: 1000 },
  kvarh: { unit: 'varh', factor: 1000 },
  kvar: { unit: 'var', factor: 1000 },
  kVA: { unit: 'VA', factor: 1000 },
};

/** The unit OCPP implies for a measurand when the station names none. */
export function defaultUnitOf(measurand: string): string {
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Energy.')) return 'Wh';
  if (measurand.startsWith('Power.Active')) return 'W';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand.startsWith('Power.Offered')) return 'W';
  if (measurand.startsWith('Current.')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'SoC') return 'Percent';
  if (measurand === 'Frequency') return 'Hz';
  if (measurand === 'Temperature') return 'Celsius';
  return 'Wh';
}

/**
 * Converts a value to base units (kW -> W, kWh -> Wh, mA -> A, mV -> V, kvarh -> varh, …).
 * `multiplier` is a 2.0.1 unitOfMeasure power of ten, applied first. Units without a scale
 * (Percent, Celsius, Hz, …) pass through.
 */
export function normaliseUnit(value: number, unit: string, multiplier = 0): NormalisedValue {
  const scaled = multiplier === 0 ? value : value * 10 ** multiplier;
  const rule = SCALED[unit];
  if (rule === undefined) return { unit, value: scaled };
  return { unit: rule.unit, value: roundFloat(scaled * rule.factor) };
}

/** Removes binary floating-point noise (0.1 * 3 -> 0.3) without losing real precision. */
function roundFloat(x: number): number {
  return Number(x.toPrecision(12));
}
