import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Phase } from '../../common/units.js';

/** PV installation of a site. */
export interface PvConfig {
  /** Peak AC output on a clear day, W (0 = no PV). */
  peakPowerW: number;
  /** Phase a single-phase inverter feeds; absent = split evenly over the site's phases. */
  phase?: Phase;
  /** Local hour of sunrise (default 6). */
  sunriseHour?: number;
  /** Local hour of sunset (default 18.5). */
  sunsetHour?: number;
  /** How cloudy the climate is, 0 (always clear) .. 1 (mostly overcast); default 0.3. */
  cloudiness?: number;
}

/** The house's own consumption. */
export interface HomeConfig {
  /** Lowest load of the daily pattern (night), W. */
  minPowerW: number;
  /** Highest load of the daily pattern (evening peak), W. */
  maxPowerW: number;
  /** Phase imbalance, 0 (balanced) .. 0.5; default 0.15. */
  imbalance?: number;
}

/** A charger installed on the site. */
export interface ChargerConfig {
  /** Charging station identity (the last segment of its OCPP URL). */
  id: string;
  version: OcppVersion;
  /** Rated current per phase, A. */
  maxCurrentA: number;
  phases: 1 | 3;
  /** Supply phase its L1 lands on (phase rotation); default L1. */
  phase?: Phase;
  /** Number of connectors/EVSEs (default 1). */
  connectors?: number;
  /** True for the one station that also reports the site meter in its MeterValues. */
  meterStation?: boolean;
}

/** How the site's EVs are drawn (see simulator/ev/draw-ev.ts for the defaults). */
export interface SiteEvConfig {
  /** Car type names from the catalogue to draw from (default: the whole catalogue). */
  cars?: string[];
  arrivalHour?: { meanHour: number; sdHours: number };
  stayHours?: { min: number; max: number };
  arrivalSocPercent?: { min: number; max: number };
  /** Per-EV reaction delay to a new limit, ms (default 2000). */
  reactionDelayMs?: number;
}

/** A site: supply, PV, home load and chargers. Loaded from JSON (schemas/site/site.schema.json). */
export interface SiteConfig {
  id: string;
  name?: string;
  /** IANA time zone the site's daily patterns follow, e.g. Asia/Kolkata. */
  timeZone: string;
  /** Phase-to-neutral voltage, V. */
  voltageV: number;
  phases: 1 | 3;
  /** Main fuse rating per phase, A. */
  mainFuseA: number;
  pv: PvConfig;
  home: HomeConfig;
  chargers: ChargerConfig[];
  evs?: SiteEvConfig;
}
