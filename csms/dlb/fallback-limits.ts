import { perPhaseOf } from '../../common/units.js';
import type { PhaseCount } from '../../common/units.js';
import type { ProfileLimit } from './charging-profiles.js';
import { allocate } from './allocate.js';
import { circuitPath } from './circuit-tree.js';
import { DEFAULT_DLB_SETTINGS } from './dlb-settings.js';
import { PV_OFF } from './pv-hysteresis.js';
import type { SiteConfig } from './site-config.js';
import { equalShare } from './strategies/equal-share.js';

/**
 * Limits for the connection-time profiles that keep the fuse safe when stations lose their
 * connection: the equal share each charger would get if every charger in the tree charged at once
 * next to `offlineHomeReserveA` of home load, with no mode in force (0 for chargers that would be
 * paused). Keyed by charger id; chargers on dedicated lines are left out.
 */
export function fallbackLimits(site: SiteConfig): Map<string, number> {
  const chargers = [...site.tree.chargers.values()].filter((c) => c.circuitId !== undefined);
  const allocations = allocate(
    {
      tree: site.tree,
      sessions: chargers.map((c) => ({
        sessionId: c.id,
        chargerId: c.id,
        phases: c.phases,
        firstPhase: c.firstPhase,
        minCurrentA: c.minCurrentA,
        maxCurrentA: c.maxCurrentA,
        demandA: c.maxCurrentA,
      })),
      measurements: {
        voltageV: site.voltageV,
        homePerPhaseA: perPhaseOf(site.offlineHomeReserveA),
        pvPerPhaseA: perPhaseOf(0),
      },
      timeMs: 0,
      timeZone: site.timeZone,
      settings: { ...site.settings, modes: DEFAULT_DLB_SETTINGS.modes, timeOfUse: [] },
      pv: PV_OFF,
    },
    equalShare,
  );
  return new Map(allocations.map((a) => [a.chargerId, a.perPhaseA]));
}

/** Fallback limits per site, computed once: a site is never changed in place (a change is a new one). */
const FALLBACK_BY_SITE = new WeakMap<SiteConfig, ReadonlyMap<string, number>>();

function cachedFallbackLimits(site: SiteConfig): ReadonlyMap<string, number> {
  let limits = FALLBACK_BY_SITE.get(site);
  if (limits === undefined) FALLBACK_BY_SITE.set(site, (limits = fallbackLimits(site)));
  return limits;
}

/**
 * A station-wide ceiling that never binds in normal operation but caps a runaway station: the sum
 * of its connectors' hardware caps, no more than the tightest breaker on their path (after margin).
 */
export function stationMaxA(site: SiteConfig, stationId: string): number | undefined {
  const chargers = [...site.tree.chargers.values()].filter(
    (c) => c.stationId === stationId && c.circuitId !== undefined,
  );
  if (chargers.length === 0) return undefined;
  const hardware = chargers.reduce((a, c) => a + c.maxCurrentA, 0);
  let breaker = Infinity;
  for (const c of chargers) {
    for (const id of circuitPath(site.tree, c.circuitId!)) {
      const limit = site.tree.circuits.get(id)?.maxPerPhaseA;
      if (limit !== undefined) breaker = Math.min(breaker, limit * (1 - site.settings.safetyMargin));
    }
  }
  return Math.min(hardware, breaker);
}

/** Profile ids the balancer uses: station max, TxDefault per connector (10 + id), TxProfile (1000 + transaction id). */
export const PROFILE_IDS = { stationMax: 1, txDefaultBase: 10, txBase: 1000 } as const;

/**
 * The connection-time profiles for one station, all at stack level 0: a station-wide maximum and,
 * per connector in the tree, a TxDefaultProfile at its fuse-safe fallback limit. Undefined when
 * the station has no charger in the tree.
 */
export function defaultProfiles(
  site: SiteConfig,
  stationId: string,
  timeMs: number,
): ProfileLimit[] | undefined {
  const chargers = [...site.tree.chargers.values()].filter(
    (c) => c.stationId === stationId && c.circuitId !== undefined,
  );
  if (chargers.length === 0) return undefined;
  const fallback = cachedFallbackLimits(site);
  const phases = Math.max(...chargers.map((c) => c.phases)) as PhaseCount;
  const base = { stackLevel: 0, voltageV: site.voltageV, rateUnit: site.rateUnit, timeMs };
  return [
    {
      ...base,
      kind: 'station-max',
      profileId: PROFILE_IDS.stationMax,
      evseId: 0,
      perPhaseA: stationMaxA(site, stationId)!,
      phases,
    },
    ...chargers.map((c) => ({
      ...base,
      kind: 'tx-default' as const,
      profileId: PROFILE_IDS.txDefaultBase + c.connectorId,
      evseId: c.connectorId,
      perPhaseA: fallback.get(c.id) ?? 0,
      phases: c.phases,
    })),
  ];
}
