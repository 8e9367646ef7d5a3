import type { Campaign, CampaignStation, CampaignStatus } from './firmware-types.js';
import { isFailed, isTerminal } from './firmware-types.js';

/** What a campaign should do next. */
export interface ProgressDecision {
  readonly status: CampaignStatus;
  readonly haltedReason: string | null;
  /** Stations to send UpdateFirmware to now, in order. */
  readonly dispatch: readonly string[];
}

const share = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/**
 * The staged rollout as a pure decision over a campaign and its stations:
 * nothing before the start time; the canary (wave 0) first; the rest, wave by wave, only once
 * every canary station has Installed and the previous wave has finished; halted as soon as a
 * canary station fails or more than `maxFailureShare` of the targets have failed (stations
 * already sent to carry on, no new ones are sent); completed when every station has finished.
 * A halted campaign stays halted until an operator retries a station.
 */
export function decideProgress(
  c: Campaign,
  rows: readonly CampaignStation[],
  nowMs: number,
): ProgressDecision {
  const keep = (status: CampaignStatus, haltedReason: string | null = c.haltedReason): ProgressDecision => ({
    status,
    haltedReason,
    dispatch: [],
  });
  if (c.status === 'HALTED') return keep('HALTED');
  if (nowMs < c.startAtMs) return keep('SCHEDULED', null);
  const canary = rows.filter((r) => r.wave === 0);
  const failedCanary = canary.find((r) => isFailed(r.state));
  if (failedCanary !== undefined) {
    return keep(
      'HALTED',
      `canary station ${failedCanary.stationId} failed${failedCanary.note === null ? '' : `: ${failedCanary.note}`}`,
    );
  }
  const total = rows.length;
  const failed = rows.filter((r) => isFailed(r.state));
  if (total > 0 && failed.length / total > c.maxFailureShare) {
    return keep(
      'HALTED',
      `${failed.length} of ${total} stations failed (${share(failed.length / total)}, more than the allowed ${share(c.maxFailureShare)})`,
    );
  }
  const undispatched = (r: CampaignStation): boolean => r.dispatchedAtMs === null;
  if (canary.some((r) => r.state !== 'INSTALLED')) {
    return {
      status: 'CANARY',
      haltedReason: null,
      dispatch: canary.filter(undispatched).map((r) => r.stationId),
    };
  }
  const waves = [...new Set(rows.map((r) => r.wave))].filter((w) => w > 0).sort((a, b) => a - b);
  for (const wave of waves) {
    const members = rows.filter((r) => r.wave === wave);
    if (!members.some(undispatched)) continue;
    const earlierDone = rows.filter((r) => r.wave < wave).every((r) => isTerminal(r.state));
    return {
      status: 'ROLLING_OUT',
      haltedReason: null,
      dispatch: earlierDone ? members.filter(undispatched).map((r) => r.stationId) : [],
    };
  }
  if (rows.every((r) => isTerminal(r.state))) return keep('COMPLETED', null);
  return keep(waves.length === 0 ? 'CANARY' : 'ROLLING_OUT', null);
}
