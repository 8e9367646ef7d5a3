import { DateTime } from 'luxon';
import { buildCircuitTree } from './circuit-tree.js';
import type { ChargerConfig, CircuitConfig, CircuitTree } from './circuit-tree.js';
import type { RateUnit } from './charging-profiles.js';
import { resolveDlbSettings } from './dlb-settings.js';
import type { DlbSettings, DlbSettingsInput } from './dlb-settings.js';

/** A site as configured: its circuit tree, time zone, strategy, modes and dispatch options. */
export interface SiteConfigInput {
  readonly siteId: string;
  /** IANA time zone; default Asia/Kolkata. */
  readonly timeZone?: string;
  /** Nominal phase voltage; default 230 V. */
  readonly voltageV?: number;
  /** The main breaker with its sub-panels and chargers. */
  readonly main: CircuitConfig;
  /** Chargers on dedicated lines (not balanced). */
  readonly dedicated?: readonly ChargerConfig[];
  /** Strategy name (`equal-share`, `priority`, `time-of-use`) or module path. Default equal-share. */
  readonly strategy?: string;
  /** Margin, modes, windows, thresholds. */
  readonly settings?: DlbSettingsInput;
  /** Station whose MeterValues carry the site meter (grid/home/PV per phase), if any. */
  readonly meterStationId?: string;
  /** Home load assumed when no site meter has reported yet, per phase (default 0). */
  readonly assumedHomePerPhaseA?: number;
  /** Home load per phase the connection-time fallback profiles leave room for (default 25 % of the main breaker). */
  readonly offlineHomeReserveA?: number;
  /** Unit of the limits sent: A (default) or W. */
  readonly rateUnit?: RateUnit;
  /** Recompute on meter values at most this often, ms (default 10 000). */
  readonly meterRecomputeMinMs?: number;
  /** Recompute at least this often, ms (default 60 000). */
  readonly autoDispatchMs?: number;
  /** Stack level of TxProfiles (default 1, above the TxDefaultProfile at 0). */
  readonly txStackLevel?: number;
  /**
   * Wait after a transaction starts before its first TxProfile, ms (default 2000): the station must
   * have the transaction's id first; until then its TxDefaultProfile keeps it fuse-safe.
   */
  readonly txStartDelayMs?: number;
  /**
   * A raised limit is only sent once it is at least this much above the one in force, A (default
   * 1): no flapping on small drifts. Lowered limits are always sent (the fuse comes first).
   */
  readonly minIncreaseA?: number;
  /** Priority class per idTag (priority strategy), e.g. `{ "FLEET-01": "fleet" }`. */
  readonly priorityByIdTag?: Readonly<Record<string, string>>;
}

/** A validated site with every default filled in. */
export interface SiteConfig {
  readonly siteId: string;
  readonly timeZone: string;
  readonly voltageV: number;
  readonly main: CircuitConfig;
  readonly dedicated: readonly ChargerConfig[];
  readonly strategy: string;
  readonly settings: DlbSettings;
  readonly meterStationId: string | undefined;
  readonly assumedHomePerPhaseA: number;
  readonly offlineHomeReserveA: number;
  readonly rateUnit: RateUnit;
  readonly meterRecomputeMinMs: number;
  readonly autoDispatchMs: number;
  readonly txStackLevel: number;
  readonly txStartDelayMs: number;
  readonly minIncreaseA: number;
  readonly priorityByIdTag: Readonly<Record<string, string>>;
  /** The validated tree. */
  readonly tree: CircuitTree;
}

/** A site configuration that cannot be used, naming the field and what to change. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

function numberIn(value: unknown, path: string, min: number, fallback: number, unit: string): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new SiteConfigError(path, `must be a number >= ${min}${unit}, got ${JSON.stringify(value)}`);
  }
  return v;
}

/**
 * Validates a site and fills defaults. Errors from the tree and the settings keep their field path
 * (`main.circuits[0].maxPerPhaseA`, `settings.pv.enableDelayMs`).
 */
export function resolveSiteConfig(input: SiteConfigInput, base?: SiteConfig): SiteConfig {
  if (typeof input !== 'object' || input === null) throw new SiteConfigError('site', 'must be an object');
  if (typeof input.siteId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(input.siteId)) {
    throw new SiteConfigError(
      'siteId',
      `must be 1-64 letters, digits, '.', '_' or '-', got ${JSON.stringify(input.siteId)}`,
    );
  }
  const timeZone = input.timeZone ?? base?.timeZone ?? 'Asia/Kolkata';
  if (typeof timeZone !== 'string' || !DateTime.fromMillis(0, { zone: timeZone }).isValid) {
    throw new SiteConfigError(
      'timeZone',
      `unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Asia/Kolkata`,
    );
  }
  const voltageV = numberIn(input.voltageV, 'voltageV', 1, base?.voltageV ?? 230, ' V');
  const tree = buildCircuitTree(input.main, input.dedicated ?? [], voltageV);
  let settings: DlbSettings;
  try {
    settings = resolveDlbSettings(input.settings ?? {}, base?.settings);
  } catch (err) {
    const e = err as { path?: string; message: string };
    throw new SiteConfigError(`settings.${e.path ?? ''}`, e.message.replace(/^[^:]*: /, ''));
  }
  const rateUnit = input.rateUnit ?? base?.rateUnit ?? 'A';
  if (rateUnit !== 'A' && rateUnit !== 'W') {
    throw new SiteConfigError('rateUnit', `must be "A" or "W", got ${JSON.stringify(rateUnit)}`);
  }
  const strategy = input.strategy ?? base?.strategy ?? 'equal-share';
  if (typeof strategy !== 'string' || strategy === '') {
    throw new SiteConfigError('strategy', 'must be a strategy name or a module path');
  }
  const meterStationId = input.meterStationId ?? base?.meterStationId;
  if (meterStationId !== undefined && (typeof meterStationId !== 'string' || meterStationId === '')) {
    throw new SiteConfigError('meterStationId', 'must be a station id');
  }
  const main = tree.root.maxPerPhaseA ?? 0;
  const txStackLevel = numberIn(input.txStackLevel, 'txStackLevel', 1, base?.txStackLevel ?? 1, '');
  if (!Number.isInteger(txStackLevel)) throw new SiteConfigError('txStackLevel', 'must be an integer >= 1');
  const priorityByIdTag = input.priorityByIdTag ?? base?.priorityByIdTag ?? {};
  if (typeof priorityByIdTag !== 'object' || priorityByIdTag === null) {
    throw new SiteConfigError('priorityByIdTag', 'must map idTags to priority classes');
  }
  return {
    siteId: input.siteId,
    timeZone,
    voltageV,
    main: input.main,
    dedicated: input.dedicated ?? [],
    strategy,
    settings,
    meterStationId,
    assumedHomePerPhaseA: numberIn(
      input.assumedHomePerPhaseA,
      'assumedHomePerPhaseA',
      0,
      base?.assumedHomePerPhaseA ?? 0,
      ' A',
    ),
    offlineHomeReserveA: numberIn(
      input.offlineHomeReserveA,
      'offlineHomeReserveA',
      0,
      base?.offlineHomeReserveA ?? main * 0.25,
      ' A',
    ),
    rateUnit,
    meterRecomputeMinMs: numberIn(
      input.meterRecomputeMinMs,
      'meterRecomputeMinMs',
      0,
      base?.meterRecomputeMinMs ?? 10_000,
      ' ms',
    ),
    autoDispatchMs: numberIn(
      input.autoDispatchMs,
      'autoDispatchMs',
      1000,
      base?.autoDispatchMs ?? 60_000,
      ' ms',
    ),
    txStackLevel,
    txStartDelayMs: numberIn(input.txStartDelayMs, 'txStartDelayMs', 0, base?.txStartDelayMs ?? 2000, ' ms'),
    minIncreaseA: numberIn(input.minIncreaseA, 'minIncreaseA', 0, base?.minIncreaseA ?? 1, ' A'),
    priorityByIdTag: { ...priorityByIdTag },
    tree,
  };
}

/** A site configuration as JSON (for the admin API and summaries). */
export function siteConfigJson(site: SiteConfig): Omit<SiteConfig, 'tree'> {
  const { tree: _tree, ...rest } = site;
  return rest;
}
