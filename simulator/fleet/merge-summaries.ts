import type { FrameDirection } from '../../common/rpc-types.js';
import type { FrameStatsSnapshot, VerdictCounts } from './frame-stats.js';
import { reasonCounts } from './station-results.js';
import type { FleetSummary, StationResult } from './station-results.js';

/** Frame counts of several slices of a fleet as one: summed, actions and stations in sorted order. */
export function mergeFrameStats(parts: readonly FrameStatsSnapshot[]): FrameStatsSnapshot {
  const byAction = new Map<string, Map<FrameDirection, VerdictCounts>>();
  const byStation = new Map<string, { sent: number; received: number; invalid: number }>();
  let total = 0;
  let invalid = 0;
  for (const part of parts) {
    total += part.total;
    invalid += part.invalid;
    for (const [action, dirs] of Object.entries(part.byAction)) {
      let merged = byAction.get(action);
      if (merged === undefined) {
        merged = new Map();
        byAction.set(action, merged);
      }
      for (const [direction, counts] of Object.entries(dirs) as [FrameDirection, VerdictCounts][]) {
        const into = merged.get(direction) ?? { valid: 0, invalid: 0, unchecked: 0 };
        into.valid += counts.valid;
        into.invalid += counts.invalid;
        into.unchecked += counts.unchecked;
        merged.set(direction, into);
      }
    }
    for (const [id, counts] of Object.entries(part.byStation)) {
      const into = byStation.get(id) ?? { sent: 0, received: 0, invalid: 0 };
      into.sent += counts.sent;
      into.received += counts.received;
      into.invalid += counts.invalid;
      byStation.set(id, into);
    }
  }
  const actions: FrameStatsSnapshot['byAction'] = {};
  for (const action of [...byAction.keys()].sort()) {
    actions[action] = Object.fromEntries([...byAction.get(action)!.entries()].sort());
  }
  const stations: FrameStatsSnapshot['byStation'] = {};
  for (const id of [...byStation.keys()].sort()) stations[id] = byStation.get(id)!;
  return { total, invalid, byAction: actions, byStation: stations };
}

/**
 * The summary of a fleet run as slices (see `FleetOptions.shard`): `parts[k]` is slice k's summary,
 * whose j-th station is the fleet's station j * parts.length + k. The stations come back in the
 * order of the whole fleet's plan, as a run in one piece lists them.
 */
export function mergeFleetSummaries(parts: readonly FleetSummary[]): FleetSummary {
  const count = parts.length;
  const perStation: StationResult[] = [];
  const longest = Math.max(0, ...parts.map((p) => p.perStation.length));
  for (let j = 0; j < longest; j++) {
    for (let k = 0; k < count; k++) {
      const station = parts[k]!.perStation[j];
      if (station !== undefined) perStation.push(station);
    }
  }
  const sum = (field: 'online' | 'transactionsStarted' | 'transactionsEnded' | 'energyWh'): number =>
    parts.reduce((n, p) => n + p[field], 0);
  return {
    stations: perStation.length,
    online: sum('online'),
    transactionsStarted: sum('transactionsStarted'),
    transactionsEnded: sum('transactionsEnded'),
    energyWh: sum('energyWh'),
    frames: mergeFrameStats(parts.map((p) => p.frames)),
    perStation,
  };
}

/** Why stations were not online, over several slices of a fleet: counts of the same reason summed. */
export function mergeNotOnline(parts: readonly Record<string, number>[]): Record<string, number> {
  const merged = new Map<string, number>();
  for (const part of parts) {
    for (const [reason, stations] of Object.entries(part))
      merged.set(reason, (merged.get(reason) ?? 0) + stations);
  }
  return reasonCounts(merged);
}
