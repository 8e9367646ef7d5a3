import type { PerPhase } from './units.js';

/**
 * One reading of a site's meters at the connection point, per phase. Currents in amperes;
 * grid import is positive and export negative. `chargersPerPhaseA` is what the site's chargers
 * draw together, `homePerPhaseA` the rest of the house, `pvPerPhaseA` what PV produces (>= 0).
 * grid = home + chargers - pv.
 */
export interface SiteMeterReading {
  readonly timeMs: number;
  readonly voltageV: number;
  readonly gridPerPhaseA: PerPhase;
  readonly homePerPhaseA: PerPhase;
  readonly pvPerPhaseA: PerPhase;
  readonly chargersPerPhaseA: PerPhase;
}

/**
 * A site's meter as the CSMS can read it in-process. The simulator implements it; the load
 * balancer consumes it. (Over the wire, the same readings travel as extra MeterValues measurands.)
 */
export interface SiteMeter {
  /** Identifies the site. */
  readonly siteId: string;
  /** The reading now. */
  read(): SiteMeterReading;
}
