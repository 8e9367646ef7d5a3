import type { Clock } from '../../common/clock.js';
import type { CampaignStore, StationChange } from './campaign-store.js';
import { statusEffect } from './firmware-status-map.js';
import type { FirmwareStore } from './firmware-store.js';
import type { CampaignStation } from './firmware-types.js';
import { isTerminal } from './firmware-types.js';

/** What following a station's progress needs of the engine. */
export interface ProgressOps {
  readonly campaigns: CampaignStore;
  readonly images: FirmwareStore;
  readonly clock: Clock;
  /** Changes a campaign station (and re-arms its progress timeout). */
  update(
    campaignId: number,
    stationId: string,
    change: StationChange,
    nowMs: number,
  ): Promise<CampaignStation>;
  /** Re-decides a campaign's progress after a station finished. */
  evaluate(campaignId: number): Promise<void>;
}

/**
 * A FirmwareStatusNotification: moves the station's row (matched by requestId, else the station's
 * unfinished row) and records the step; a station that has finished only gets the step recorded.
 */
export async function applyStatus(
  ops: ProgressOps,
  stationId: string,
  status: string,
  requestId: number | undefined,
  timeMs: number,
): Promise<void> {
  if (status === 'Idle') return;
  const rows = (await ops.campaigns.rowsOf(stationId)).filter((r) => r.dispatchedAtMs !== null);
  const row =
    requestId === undefined
      ? (rows.find((r) => !isTerminal(r.state)) ?? rows[0])
      : rows.find((r) => r.requestId === requestId);
  if (row === undefined) return;
  const effect = statusEffect(status);
  const terminal = isTerminal(row.state);
  const state = terminal ? row.state : (effect.state ?? row.state);
  await ops.update(
    row.campaignId,
    stationId,
    {
      state,
      ...(terminal ? {} : { note: effect.note ?? null }),
      ...(effect.awaitBoot === true && !terminal ? { awaitingBoot: true } : {}),
      step: { atMs: timeMs, state, status, ...(effect.note === undefined ? {} : { note: effect.note }) },
    },
    ops.clock.now(),
  );
  if (!terminal && isTerminal(state)) await ops.evaluate(row.campaignId);
}

/**
 * A BootNotification: a station that was installing has Installed when it boots with the
 * campaign's version, and failed ("reboot into old version") when it boots with another.
 */
export async function applyBoot(
  ops: ProgressOps,
  stationId: string,
  firmwareVersion: string | undefined,
  status: string,
  timeMs: number,
): Promise<void> {
  for (const row of await ops.campaigns.activeRowsOf(stationId)) {
    if (row.state !== 'INSTALLING') continue;
    const c = (await ops.campaigns.get(row.campaignId))!;
    const image = await ops.images.get(c.firmwareId);
    const ok = image !== undefined && firmwareVersion === image.version;
    const note = ok
      ? `booted with ${firmwareVersion}`
      : `reboot into old version: booted with ${firmwareVersion ?? '(no version reported)'}, expected ${image?.version ?? '?'}`;
    const state = ok ? 'INSTALLED' : 'INSTALLATION_FAILED';
    await ops.update(
      row.campaignId,
      stationId,
      {
        state,
        awaitingBoot: false,
        note,
        step: { atMs: timeMs, state, status: `BootNotification ${status}`, note },
      },
      ops.clock.now(),
    );
    await ops.evaluate(row.campaignId);
  }
}
