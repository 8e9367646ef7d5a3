import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Rng } from '../../common/rng.js';
import { PHASES } from '../../common/units.js';
import type { Phase } from '../../common/units.js';
import type { FaultSpec } from '../faults/fault-spec.js';
import { checkFaultSpec } from '../faults/fault-spec.js';
import type { SiteConfig } from '../site/site-config.js';

/** One station of a fleet. */
export interface FleetStationSpec {
  readonly id: string;
  readonly version: OcppVersion;
  readonly evseCount?: number;
  readonly maxCurrentA?: number;
  readonly phases?: 1 | 3;
  readonly phase?: Phase;
  /** Reports the site meter (one station per site). */
  readonly meterStation?: boolean;
  readonly faults?: FaultSpec;
}

/** Faults given to a share of the fleet (stations drawn from the seed). */
export interface FleetFaultShare {
  /** Share of stations, 0..1. */
  readonly share: number;
  readonly faults: FaultSpec;
}

/** What the plan is made from. */
export interface FleetPlanInput {
  /** A count (generated ids) or explicit stations. With a site and a count, the site's chargers are repeated. */
  readonly stations?: number | readonly FleetStationSpec[];
  /** Version of generated stations; `mixed` draws 1.6 or 2.0.1 per station. Default 1.6. */
  readonly version?: OcppVersion | 'mixed';
  readonly site?: SiteConfig;
  readonly faults?: readonly FleetFaultShare[];
  /** Prefix of generated ids. Default `SIM`. */
  readonly idPrefix?: string;
}

/**
 * The stations of a fleet: explicit ones, the site's chargers (repeated to reach a count, single-
 * phase ones rotated over L1..L3 so phase imbalance is real), or generated ones; then fault shares
 * assigned by seeded draw.
 * @throws Error naming the field when the input cannot make a fleet
 */
export function planFleet(input: FleetPlanInput, rng: Rng): FleetStationSpec[] {
  const version = input.version ?? '1.6';
  if (version !== '1.6' && version !== '2.0.1' && version !== 'mixed') {
    throw new Error(`version must be 1.6, 2.0.1 or mixed, got ${String(version)}`);
  }
  const count = typeof input.stations === 'number' ? input.stations : undefined;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 100_000)) {
    throw new Error(`stations must be a whole number from 1 to 100000, got ${count}`);
  }
  const versionRng = rng.fork('versions');
  const pickVersion = (): OcppVersion =>
    version === 'mixed' ? (versionRng.chance(0.5) ? '1.6' : '2.0.1') : version;
  const prefix = input.idPrefix ?? 'SIM';
  let specs: FleetStationSpec[];
  if (Array.isArray(input.stations)) {
    specs = [...(input.stations as readonly FleetStationSpec[])];
  } else if (input.site !== undefined) {
    const chargers = input.site.chargers;
    const n = count ?? chargers.length;
    specs = Array.from({ length: n }, (_, i) => {
      const c = chargers[i % chargers.length]!;
      const round = Math.floor(i / chargers.length);
      const phase =
        c.phases === 1 ? PHASES[(PHASES.indexOf(c.phase ?? 'L1') + round) % 3]! : (c.phase ?? 'L1');
      return {
        id: round === 0 ? c.id : `${c.id}-${round + 1}`,
        version: c.version,
        evseCount: c.connectors ?? 1,
        maxCurrentA: c.maxCurrentA,
        phases: c.phases,
        phase,
        meterStation: round === 0 && c.meterStation === true,
      };
    });
  } else {
    const n = count ?? 1;
    const width = Math.max(4, String(n).length);
    specs = Array.from({ length: n }, (_, i) => ({
      id: `${prefix}${String(i + 1).padStart(width, '0')}`,
      version: pickVersion(),
    }));
  }
  const ids = new Set<string>();
  for (const s of specs) {
    if (ids.has(s.id)) throw new Error(`stations: id ${s.id} appears twice; give every station its own id`);
    ids.add(s.id);
  }
  const faultRng = rng.fork('fault-shares');
  (input.faults ?? []).forEach((share, i) => {
    if (!(share.share >= 0 && share.share <= 1))
      throw new Error(`faults[${i}].share must be between 0 and 1, got ${share.share}`);
    checkFaultSpec(share.faults, `faults[${i}].faults`);
  });
  return specs.map((s) => {
    for (const share of input.faults ?? []) {
      if (faultRng.chance(share.share)) return { ...s, faults: { ...s.faults, ...share.faults } };
    }
    return s;
  });
}
