import type { CommandResult } from '../commands/command-service.js';
import type { StationService } from '../stations/station-service.js';
import { commandOutcome } from './command-outcome.js';
import { firmwareCommand, firmwarePath } from './firmware-request.js';
import type { Campaign, CampaignStation } from './firmware-types.js';
import { isTerminal } from './firmware-types.js';
import type { ProgressOps } from './station-progress.js';

/** What sending updates needs of the engine. */
export interface DispatchOps extends ProgressOps {
  readonly stations: StationService;
  /** Sends a command to a connected station (the CSMS's `sendCommand`). */
  readonly send: (stationId: string, action: string, payload: unknown) => Promise<CommandResult>;
  /** Base URL stations download from. */
  readonly baseUrl: () => string;
}

/** Marks a station sent (new requestId, one more attempt) and sends it the update. */
export async function dispatchStation(ops: DispatchOps, c: Campaign, stationId: string): Promise<void> {
  const nowMs = ops.clock.now();
  const row = (await ops.campaigns.stations(c.id)).find((r) => r.stationId === stationId)!;
  await ops.update(
    c.id,
    stationId,
    {
      requestId: await ops.campaigns.nextRequestId(),
      attempts: row.attempts + 1,
      dispatchedAtMs: nowMs,
      awaitingSend: true,
    },
    nowMs,
  );
  await sendUpdate(ops, c, stationId);
}

/** Sends the command of a dispatched station; an offline station keeps it for its return. */
async function sendUpdate(ops: DispatchOps, c: Campaign, stationId: string): Promise<void> {
  const { clock, stations } = ops;
  const row = (await ops.campaigns.stations(c.id)).find((r) => r.stationId === stationId)!;
  const station = await stations.get(stationId);
  const image = await ops.images.get(c.firmwareId);
  const step = (state: CampaignStation['state'], status: string, note?: string) => ({
    atMs: clock.now(),
    state,
    status,
    ...(note === undefined ? {} : { note }),
  });
  if (image === undefined || station?.version === null || station === undefined) {
    const note =
      image === undefined ? 'the firmware image is gone' : 'station has not booted yet: sent when it does';
    await ops.update(c.id, stationId, { note, step: step(row.state, 'UpdateFirmware', note) }, clock.now());
    return;
  }
  const cmd = firmwareCommand({
    version: station.version,
    image,
    location: `${ops.baseUrl()}${firmwarePath(image)}`,
    requestId: row.requestId ?? 0,
    retrieveAtMs: Math.max(clock.now(), c.startAtMs),
    retries: c.retries,
    retryIntervalS: c.retryIntervalS,
  });
  let result: { response: unknown } | { error: unknown };
  try {
    result = { response: (await ops.send(stationId, cmd.action, cmd.payload)).response };
  } catch (error) {
    result = { error };
  }
  const outcome = commandOutcome(cmd, result, row.state, clock.now());
  await ops.update(c.id, stationId, outcome.change, clock.now());
  if (outcome.failed) await ops.evaluate(c.id);
}

/** Sends the updates a station missed while offline (after it connected or booted). */
export async function sendWaiting(ops: DispatchOps, stationId: string): Promise<void> {
  for (const row of await ops.campaigns.activeRowsOf(stationId)) {
    if (!row.awaitingSend || row.dispatchedAtMs === null || isTerminal(row.state)) continue;
    const c = await ops.campaigns.get(row.campaignId);
    if (c === undefined) continue;
    await sendUpdate(ops, c, stationId);
  }
}
