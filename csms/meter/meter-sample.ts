/** The measurand OCPP assumes when a sampled value names none. */
export const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';

/** One sampled value, version-neutral, its value normalised to W, Wh, A, V (var, varh, VA, …). */
export interface MeterSample {
  readonly measurand: string;
  readonly phase?: string;
  readonly location?: string;
  readonly context?: string;
  /** The normalised unit (`Wh`, `W`, `A`, `V`, …), or the received one when no scale applies. */
  readonly unit: string;
  /** The value in `unit`; null when the received value is not a number (signed data). */
  readonly value: number | null;
  /** The value exactly as received (text). */
  readonly rawValue: string;
  /** The unit as received (with a 2.0.1 multiplier as `kWh`-style text when one was given). */
  readonly rawUnit?: string;
  /** 1.6 format: `Raw` or `SignedData`. */
  readonly format?: string;
}

/** A {@link MeterSample} under construction (the normalisers fill it field by field). */
export type WritableSample = { -readonly [K in keyof MeterSample]: MeterSample[K] };

/** One MeterValue: samples taken at one time. */
export interface MeterReading {
  /** Sample time, epoch ms (from the station's timestamp). */
  readonly timeMs: number;
  readonly samples: readonly MeterSample[];
}

/** The import-energy register sample of a reading (total, at the outlet), if any, in Wh. */
export function energyRegisterWh(reading: MeterReading): number | undefined {
  for (const s of reading.samples) {
    if (
      s.measurand === DEFAULT_MEASURAND &&
      s.phase === undefined &&
      (s.location === undefined || s.location === 'Outlet') &&
      s.unit === 'Wh' &&
      s.value !== null
    ) {
      return s.value;
    }
  }
  return undefined;
}
