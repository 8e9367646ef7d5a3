import type { OcppVersion } from './ocpp-version.js';
import type { SiteMeterReading } from './site-meter.js';
import { DEFAULT_VOLTAGE_V, PHASES, powerFromCurrentW, type PerPhase, type Phase } from './units.js';

/**
 * How a site meter travels in MeterValues of a designated "meter station", as home-charging
 * installations with a grid meter commonly do. Per phase currents, plus totals:
 *
 * | reading                        | measurand                                | location | phase       |
 * |--------------------------------|------------------------------------------|----------|-------------|
 * | grid import / export (>= 0)    | Current.Import / Current.Export          | Inlet    | L1, L2, L3  |
 * | grid voltage                   | Voltage                                  | Inlet    | L1-N .. L3-N|
 * | grid power import / export     | Power.Active.Import / Power.Active.Export| Inlet    | (total)     |
 * | home load (without chargers)   | Current.Import, Power.Active.Import      | Body     | L1..L3 / -  |
 * | PV production                  | Current.Export, Power.Active.Export      | Body     | L1..L3 / -  |
 * | the station's own EV           | Power.Active.Import                      | Outlet   | (total)     |
 *
 * Convention: `Inlet` is the grid connection point; `Body` is the installation behind it other than
 * the chargers (import = home consumption, export = PV generation). The chargers' draw is not sent:
 * it follows from grid = home + chargers - pv.
 */
export type SiteMeterMeasurand =
  'Current.Import' | 'Current.Export' | 'Power.Active.Import' | 'Power.Active.Export' | 'Voltage';

/** Locations the site meter convention uses. */
export type SiteMeterLocation = 'Inlet' | 'Body' | 'Outlet';

/** Phases the site meter convention uses (currents on L1..L3, voltages phase-to-neutral). */
export type SiteMeterPhase = Phase | 'L1-N' | 'L2-N' | 'L3-N';

/** Units the site meter convention uses. */
export type SiteMeterUnit = 'A' | 'W' | 'V';

/** Reading contexts of either version. */
export type SampleContext =
  | 'Interruption.Begin'
  | 'Interruption.End'
  | 'Other'
  | 'Sample.Clock'
  | 'Sample.Periodic'
  | 'Transaction.Begin'
  | 'Transaction.End'
  | 'Trigger';

/**
 * A 1.6 SampledValue as the site meter sends it (assignable to the 1.6 schema type; a type alias,
 * not an interface, so that it fits types with an index signature).
 */
export type SiteSampledValue16 = {
  value: string;
  context: SampleContext;
  measurand: SiteMeterMeasurand;
  location: SiteMeterLocation;
  phase?: SiteMeterPhase;
  unit: SiteMeterUnit;
};

/** A 2.0.1 SampledValueType as the site meter sends it (assignable to the 2.0.1 schema type). */
export type SiteSampledValue201 = {
  value: number;
  context: SampleContext;
  measurand: SiteMeterMeasurand;
  location: SiteMeterLocation;
  phase?: SiteMeterPhase;
  unitOfMeasure: { unit: SiteMeterUnit };
};

/** Options of {@link siteMeterSampledValues}. */
export interface SiteMeterSampleOptions {
  /** Reading context (default Sample.Periodic). */
  context?: SampleContext;
  /** Power the meter station's own EV draws, W: adds Power.Active.Import at Outlet. */
  ownEvPowerW?: number;
}

interface Sample {
  measurand: SiteMeterMeasurand;
  location: SiteMeterLocation;
  phase?: SiteMeterPhase;
  unit: SiteMeterUnit;
  value: number;
  decimals: number;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

function samples(reading: SiteMeterReading, opts: SiteMeterSampleOptions): Sample[] {
  const out: Sample[] = [];
  const v = reading.voltageV;
  const add = (
    measurand: SiteMeterMeasurand,
    location: SiteMeterLocation,
    unit: SiteMeterUnit,
    value: number,
    phase?: SiteMeterPhase,
  ): void => {
    const decimals = unit === 'A' ? 2 : unit === 'V' ? 1 : 0;
    out.push(
      phase === undefined
        ? { measurand, location, unit, value, decimals }
        : { measurand, location, unit, value, decimals, phase },
    );
  };
  const totalW = (perPhase: PerPhase, sign: 1 | -1): number =>
    PHASES.reduce((s, p) => s + powerFromCurrentW(Math.max(0, sign * perPhase[p]), 1, v), 0);
  for (const p of PHASES) add('Current.Import', 'Inlet', 'A', Math.max(0, reading.gridPerPhaseA[p]), p);
  for (const p of PHASES) add('Current.Export', 'Inlet', 'A', Math.max(0, -reading.gridPerPhaseA[p]), p);
  for (const p of PHASES) add('Voltage', 'Inlet', 'V', v, `${p}-N`);
  add('Power.Active.Import', 'Inlet', 'W', totalW(reading.gridPerPhaseA, 1));
  add('Power.Active.Export', 'Inlet', 'W', totalW(reading.gridPerPhaseA, -1));
  for (const p of PHASES) add('Current.Import', 'Body', 'A', Math.max(0, reading.homePerPhaseA[p]), p);
  add('Power.Active.Import', 'Body', 'W', totalW(reading.homePerPhaseA, 1));
  for (const p of PHASES) add('Current.Export', 'Body', 'A', Math.max(0, reading.pvPerPhaseA[p]), p);
  add('Power.Active.Export', 'Body', 'W', totalW(reading.pvPerPhaseA, 1));
  if (opts.ownEvPowerW !== undefined)
    add('Power.Active.Import', 'Outlet', 'W', Math.max(0, opts.ownEvPowerW));
  return out;
}

/**
 * The site meter reading as MeterValues sampled values in `version`'s shape (see the table on
 * {@link SiteMeterMeasurand}). Pure: the same reading always gives the same values.
 */
export function siteMeterSampledValues(
  reading: SiteMeterReading,
  version: '1.6',
  opts?: SiteMeterSampleOptions,
): SiteSampledValue16[];
export function siteMeterSampledValues(
  reading: SiteMeterReading,
  version: '2.0.1',
  opts?: SiteMeterSampleOptions,
): SiteSampledValue201[];
export function siteMeterSampledValues(
  reading: SiteMeterReading,
  version: OcppVersion,
  opts?: SiteMeterSampleOptions,
): SiteSampledValue16[] | SiteSampledValue201[];
export function siteMeterSampledValues(
  reading: SiteMeterReading,
  version: OcppVersion,
  opts: SiteMeterSampleOptions = {},
): SiteSampledValue16[] | SiteSampledValue201[] {
  const context = opts.context ?? 'Sample.Periodic';
  const list = samples(reading, opts);
  if (version === '1.6') {
    return list.map((s) => {
      const sv: SiteSampledValue16 = {
        value: round(s.value, s.decimals).toFixed(s.decimals),
        context,
        measurand: s.measurand,
        location: s.location,
        unit: s.unit,
      };
      if (s.phase !== undefined) sv.phase = s.phase;
      return sv;
    });
  }
  return list.map((s) => {
    const sv: SiteSampledValue201 = {
      value: round(s.value, s.decimals),
      context,
      measurand: s.measurand,
      location: s.location,
      unitOfMeasure: { unit: s.unit },
    };
    if (s.phase !== undefined) sv.phase = s.phase;
    return sv;
  });
}

/** A sampled value of either version as received (anything the schemas allow). */
export interface ReceivedSampledValue {
  value: string | number;
  measurand?: string;
  location?: string;
  phase?: string;
  /** 1.6 unit. */
  unit?: string;
  /** 2.0.1 unit and power-of-ten multiplier. */
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

/** Options of {@link readSiteMeterFromSampledValues}. */
export interface ReadSiteMeterOptions {
  /** Time of the MeterValue the values came in (epoch ms). */
  timeMs: number;
  /** Voltage to assume when the values carry none (default 230 V). */
  voltageV?: number;
}

function scaled(sv: ReceivedSampledValue, base: 'A' | 'V'): number | undefined {
  const raw = typeof sv.value === 'number' ? sv.value : Number(sv.value);
  if (!Number.isFinite(raw)) return undefined;
  const unit = sv.unit ?? sv.unitOfMeasure?.unit ?? base;
  const multiplier = 10 ** (sv.unitOfMeasure?.multiplier ?? 0);
  if (unit === base) return raw * multiplier;
  return undefined;
}

function phaseOf(text: string | undefined): Phase | undefined {
  const head = text?.slice(0, 2);
  return head === 'L1' || head === 'L2' || head === 'L3' ? head : undefined;
}

/**
 * The inverse of {@link siteMeterSampledValues}, for a CSMS: rebuilds a site meter reading from the
 * sampled values of a meter station's MeterValue (values of both versions; other measurands are
 * ignored). Undefined when the values hold no grid current at the Inlet. When home and PV are not
 * reported, everything behind the grid meter counts as home and the chargers as 0.
 */
export function readSiteMeterFromSampledValues(
  values: readonly ReceivedSampledValue[],
  opts: ReadSiteMeterOptions,
): SiteMeterReading | undefined {
  const zero = (): PerPhase => ({ L1: 0, L2: 0, L3: 0 });
  const gridImport = zero();
  const gridExport = zero();
  const home = zero();
  const pv = zero();
  const voltages: number[] = [];
  let sawGrid = false;
  let sawBody = false;
  for (const sv of values) {
    const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
    if (measurand === 'Voltage' && sv.location === 'Inlet') {
      const volts = scaled(sv, 'V');
      if (volts !== undefined) voltages.push(volts);
      continue;
    }
    if (measurand !== 'Current.Import' && measurand !== 'Current.Export') continue;
    const phase = phaseOf(sv.phase);
    const amps = scaled(sv, 'A');
    if (phase === undefined || amps === undefined) continue;
    const importing = measurand === 'Current.Import';
    if (sv.location === 'Inlet') {
      sawGrid = true;
      (importing ? gridImport : gridExport)[phase] = amps;
    } else if (sv.location === 'Body') {
      sawBody = true;
      (importing ? home : pv)[phase] = amps;
    }
  }
  if (!sawGrid) return undefined;
  const grid = zero();
  const chargers = zero();
  for (const p of PHASES) {
    grid[p] = gridImport[p] - gridExport[p];
    if (!sawBody) home[p] = grid[p] + pv[p];
    chargers[p] = grid[p] - home[p] + pv[p];
  }
  const voltageV =
    voltages.length > 0
      ? voltages.reduce((s, x) => s + x, 0) / voltages.length
      : (opts.voltageV ?? DEFAULT_VOLTAGE_V);
  return {
    timeMs: opts.timeMs,
    voltageV,
    gridPerPhaseA: grid,
    homePerPhaseA: home,
    pvPerPhaseA: pv,
    chargersPerPhaseA: chargers,
  };
}
