import type { ActivityTracker } from '../../common/activity-tracker.js';
import type { Clock } from '../../common/clock.js';
import type { SiteMeter, SiteMeterReading } from '../../common/site-meter.js';
import type { TypedEvents } from '../../common/typed-events.js';
import { perPhaseOf } from '../../common/units.js';
import type { CsmsEvents } from '../csms-events.js';
import type { SiteConfig, SiteConfigInput } from './site-config.js';
import type { SiteMeasurements, Strategy } from './strategy.js';

/** What the balancer needs from a CSMS: its event stream and a way to send commands. */
export interface DlbHost {
  readonly events: Pick<TypedEvents<CsmsEvents>, 'on'>;
  sendCommand(stationId: string, action: string, payload: unknown): Promise<unknown>;
}

/** Options of {@link attachLoadBalancer}. */
export interface LoadBalancerOptions {
  readonly site: SiteConfigInput;
  /** The strategy to use; default: the built-in named by `site.strategy`. */
  readonly strategy?: Strategy;
  readonly clock: Clock;
  /** The site meter read in-process at every recompute (otherwise `site.meterStationId`'s MeterValues). */
  readonly siteMeter?: SiteMeter;
  /** Counts recomputes as work in flight for virtual time. */
  readonly tracker?: ActivityTracker;
}

/** A change to a site at run time (admin API). `settings` merges into the current settings. */
export type SitePatch = Partial<Omit<SiteConfigInput, 'siteId'>>;

/** Merges a settings patch into settings, toggles and PV thresholds field by field. */
export function mergeSettings(
  a: SiteConfigInput['settings'],
  b: SiteConfigInput['settings'],
): SiteConfigInput['settings'] {
  if (b === undefined) return a;
  return { ...a, ...b, modes: { ...a?.modes, ...b.modes }, pv: { ...a?.pv, ...b.pv } };
}

/** What the strategy measures from: the site meter's reading, else the site's assumed home load. */
export function siteMeasurements(reading: SiteMeterReading | undefined, site: SiteConfig): SiteMeasurements {
  if (reading !== undefined) {
    return {
      voltageV: reading.voltageV,
      homePerPhaseA: reading.homePerPhaseA,
      pvPerPhaseA: reading.pvPerPhaseA,
      gridPerPhaseA: reading.gridPerPhaseA,
    };
  }
  return {
    voltageV: site.voltageV,
    homePerPhaseA: perPhaseOf(site.assumedHomePerPhaseA),
    pvPerPhaseA: perPhaseOf(0),
  };
}
