import { perPhaseOf } from '../../common/units.js';
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

/**
 * A station-wide ceiling that never binds in normal operation but caps a runaway station: the sum
 * of its connectors' hardware caps, no more than the tightest breaker on their path (after margin).
 */
export function stationMaxA(site: SiteConfig, stationId: string): number | undefined {
  const chargers = [...site.tree.chargers.values()].filter((c) => c.stationId === stationId && c.circuitId !== undefined);
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
