import type { PhaseCount } from '../../common/units.js';
import type { ProfileKind, RateUnit } from './charging-profiles.js';
import type { HomeModes } from './dlb-settings.js';
import type { SiteConfig } from './site-config.js';
import type { ActiveHomeMode } from './strategies/home-modes.js';
import type { SiteMeasurements } from './strategy.js';

/** One session's allocation as the admin API and the event stream show it. */
export interface AllocationView {
  readonly sessionId: string;
  readonly transactionId: number;
  readonly stationId: string;
  readonly evseId: number;
  readonly chargerId: string;
  /** Limit per phase the balancer decided, amperes. */
  readonly perPhaseA: number;
  readonly phases: PhaseCount;
  /** The limit last accepted by the station, in `rateUnit`; undefined before one was accepted. */
  readonly sentLimit: number | undefined;
  readonly rateUnit: RateUnit;
  readonly measuredA: number | undefined;
  /** False once the station rejected a profile: counted at its hardware maximum. */
  readonly controllable: boolean;
  readonly reason: string;
  readonly limitedBy: string | undefined;
}

/** What made the balancer recompute. */
export type RecomputeCause =
  'session-started' | 'session-ended' | 'meter' | 'timer' | 'config' | 'rejected' | 'manual';

/** Events of a load balancer (the site's event stream). Times are clock epoch ms. */
export interface DlbEvents extends Record<string, unknown> {
  'dlb.allocated': {
    siteId: string;
    timeMs: number;
    cause: RecomputeCause;
    mode: ActiveHomeMode;
    measurements: SiteMeasurements;
    allocations: readonly AllocationView[];
  };
  /** A mode toggle changed, or the mode in force changed (the night window opened). */
  'dlb.mode.changed': { siteId: string; timeMs: number; modes: HomeModes; active: ActiveHomeMode };
  /** The main breaker's limit changed at run time (demand response). */
  'dlb.limit.changed': {
    siteId: string;
    timeMs: number;
    maxPerPhaseA: number | undefined;
    maxPowerKw: number | undefined;
  };
  'dlb.site.updated': { siteId: string; timeMs: number; site: Omit<SiteConfig, 'tree'> };
  'dlb.profile.sent': {
    siteId: string;
    stationId: string;
    evseId: number;
    kind: ProfileKind;
    limit: number;
    rateUnit: RateUnit;
    timeMs: number;
  };
  'dlb.profile.rejected': {
    siteId: string;
    stationId: string;
    evseId: number;
    kind: ProfileKind;
    timeMs: number;
    reason: string;
  };
  'dlb.error': { siteId: string; timeMs: number; where: string; error: string };
}
