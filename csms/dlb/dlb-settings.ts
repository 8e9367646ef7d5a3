/** A daily window in site time, `HH:mm` to `HH:mm` (wrapping past midnight when `to` < `from`). */
export interface DailyWindow {
  readonly from: string;
  readonly to: string;
}

/** A time-of-use window: the charging budget is multiplied by `factor` while it is in force. */
export interface TimeOfUseWindow extends DailyWindow {
  /** Budget multiplier in [0, 1]: 0.5 halves what the chargers may take during the window. */
  readonly factor: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the window applies on; every day when absent. */
  readonly days?: readonly number[];
}

/** PV Dynamic Balance: charge from surplus PV, with hysteresis so it does not flap. */
export interface PvSettings {
  /** Surplus (PV minus home, all phases) at or above which charging may start, in W. */
  readonly enableThresholdW: number;
  /** Surplus below which charging stops, in W. */
  readonly disableThresholdW: number;
  /** How long the surplus must stay above the enable threshold before charging starts, ms. */
  readonly enableDelayMs: number;
  /** How long the surplus must stay below the disable threshold before charging stops, ms. */
  readonly disableDelayMs: number;
}

/** The four home-charging modes, as toggles. Precedence: Extreme > Night Full Speed > PV > Anti Overload. */
export interface HomeModes {
  /** Always full speed (`extremeCurrentA`), still capped by the fuse. */
  readonly extreme: boolean;
  /** Full speed inside the night window (site time). */
  readonly nightFullSpeed: boolean;
  /** Charge from surplus PV only. */
  readonly pvDynamic: boolean;
  /** With PV Dynamic: never drop below the session's minimum (6 A) while plugged in. */
  readonly minPlusPv: boolean;
}

/** Everything a strategy needs beyond the tree, the sessions and the measurements. */
export interface DlbSettings {
  /** Fraction of every limit held back, 0.05 = 5 %. */
  readonly safetyMargin: number;
  /** Whether PV production on a phase relieves the breaker (off: PV is never counted on). */
  readonly pvOffsetsLoad: boolean;
  /** When not everyone can get their minimum, how long a charging session keeps its slot, ms. */
  readonly rotationIntervalMs: number;
  /** Weights of the priority classes (priority strategy). */
  readonly priorityWeights: Readonly<Record<string, number>>;
  /** Time-of-use windows (time-of-use strategy). */
  readonly timeOfUse: readonly TimeOfUseWindow[];
  /** Home-charging modes. */
  readonly modes: HomeModes;
  /** Night Full Speed window. */
  readonly nightWindow: DailyWindow;
  /** Current per phase Extreme and Night Full Speed ask for. */
  readonly extremeCurrentA: number;
  /** PV Dynamic Balance thresholds and delays. */
  readonly pv: PvSettings;
  /** An EV drawing this much below its limit is treated as wanting only what it draws (+ headroom). */
  readonly reclaimThresholdA: number;
  /** Headroom left above what an under-drawing EV measures. */
  readonly reclaimHeadroomA: number;
}

/** Partial settings as given in configuration or over the admin API. */
export type DlbSettingsInput = Partial<Omit<DlbSettings, 'modes' | 'pv' | 'nightWindow'>> & {
  readonly modes?: Partial<HomeModes>;
  readonly pv?: Partial<PvSettings>;
  readonly nightWindow?: DailyWindow;
};

/** Defaults: 5 % margin, 15 min rotation, 22:00-06:00 night, 32 A Extreme, PV 1.4 kW on / 1.0 kW off. */
export const DEFAULT_DLB_SETTINGS: DlbSettings = {
  safetyMargin: 0.05,
  pvOffsetsLoad: false,
  rotationIntervalMs: 15 * 60_000,
  priorityWeights: { normal: 1, fleet: 2, vip: 4 },
  timeOfUse: [],
  modes: { extreme: false, nightFullSpeed: false, pvDynamic: false, minPlusPv: false },
  nightWindow: { from: '22:00', to: '06:00' },
  extremeCurrentA: 32,
  pv: { enableThresholdW: 1400, disableThresholdW: 1000, enableDelayMs: 60_000, disableDelayMs: 300_000 },
  reclaimThresholdA: 2,
  reclaimHeadroomA: 1,
};

/** Bad DLB settings, naming the field and what to change. */
export class DlbSettingsError extends Error {
  override readonly name = 'DlbSettingsError';
  constructor(
    /** Path of the offending field, e.g. `pv.enableDelayMs`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:mm` string; throws naming `path` when malformed. */
export function minutesOfDay(hhmm: string, path: string): number {
  const m = typeof hhmm === 'string' ? HHMM.exec(hhmm) : null;
  if (m === null)
    throw new DlbSettingsError(
      path,
      `expected a time of day "HH:mm" (00:00-23:59), got ${JSON.stringify(hhmm)}`,
    );
  return Number(m[1]) * 60 + Number(m[2]);
}

function num(value: unknown, path: string, min: number, max = Infinity, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new DlbSettingsError(path, `must be a number ${range}${unit}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean')
    throw new DlbSettingsError(path, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function windowOf(value: DailyWindow, path: string): DailyWindow {
  if (typeof value !== 'object' || value === null) {
    throw new DlbSettingsError(path, 'must be an object { "from": "HH:mm", "to": "HH:mm" }');
  }
  minutesOfDay(value.from, `${path}.from`);
  minutesOfDay(value.to, `${path}.to`);
  if (value.from === value.to)
    throw new DlbSettingsError(path, 'from and to are equal: the window would be empty');
  return { from: value.from, to: value.to };
}

/** Fills defaults into `input` (over `base`) and validates every field. */
export function resolveDlbSettings(
  input: DlbSettingsInput = {},
  base: DlbSettings = DEFAULT_DLB_SETTINGS,
): DlbSettings {
  const modes = { ...base.modes, ...(input.modes ?? {}) };
  for (const k of Object.keys(modes) as (keyof HomeModes)[]) {
    if (!(k in base.modes)) {
      throw new DlbSettingsError(
        `modes.${k}`,
        'unknown mode; use extreme, nightFullSpeed, pvDynamic or minPlusPv',
      );
    }
    bool(modes[k], `modes.${k}`);
  }
  const pv = { ...base.pv, ...(input.pv ?? {}) };
  num(pv.enableThresholdW, 'pv.enableThresholdW', 0, Infinity, ' W');
  num(pv.disableThresholdW, 'pv.disableThresholdW', 0, Infinity, ' W');
  num(pv.enableDelayMs, 'pv.enableDelayMs', 0, Infinity, ' ms');
  num(pv.disableDelayMs, 'pv.disableDelayMs', 0, Infinity, ' ms');
  if (pv.disableThresholdW > pv.enableThresholdW) {
    throw new DlbSettingsError(
      'pv.disableThresholdW',
      `must not exceed pv.enableThresholdW (${pv.enableThresholdW} W), or charging would flap`,
    );
  }
  const priorityWeights = { ...(input.priorityWeights ?? base.priorityWeights) };
  for (const [k, w] of Object.entries(priorityWeights)) num(w, `priorityWeights.${k}`, Number.MIN_VALUE);
  const timeOfUse = (input.timeOfUse ?? base.timeOfUse).map((w, i) => {
    const path = `timeOfUse[${i}]`;
    windowOf(w, path);
    num(w.factor, `${path}.factor`, 0, 1);
    if (w.days !== undefined) {
      if (!Array.isArray(w.days) || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
        throw new DlbSettingsError(`${path}.days`, 'must list ISO weekdays 1 (Monday) to 7 (Sunday)');
      }
    }
    return { ...w };
  });
  const settings: DlbSettings = {
    safetyMargin: num(input.safetyMargin ?? base.safetyMargin, 'safetyMargin', 0, 0.9),
    pvOffsetsLoad: bool(input.pvOffsetsLoad ?? base.pvOffsetsLoad, 'pvOffsetsLoad'),
    rotationIntervalMs: num(
      input.rotationIntervalMs ?? base.rotationIntervalMs,
      'rotationIntervalMs',
      0,
      Infinity,
      ' ms',
    ),
    priorityWeights,
    timeOfUse,
    modes,
    nightWindow: windowOf(input.nightWindow ?? base.nightWindow, 'nightWindow'),
    extremeCurrentA: num(input.extremeCurrentA ?? base.extremeCurrentA, 'extremeCurrentA', 6, 1000, ' A'),
    pv,
    reclaimThresholdA: num(
      input.reclaimThresholdA ?? base.reclaimThresholdA,
      'reclaimThresholdA',
      0,
      Infinity,
      ' A',
    ),
    reclaimHeadroomA: num(
      input.reclaimHeadroomA ?? base.reclaimHeadroomA,
      'reclaimHeadroomA',
      0,
      Infinity,
      ' A',
    ),
  };
  return settings;
}
