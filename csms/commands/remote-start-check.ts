import type { OcppVersion } from '../../common/ocpp-version.js';
import type { ConnectorStatus } from '../stations/station-record.js';

/** 1.6 statuses a remote start may be sent to: free, or a cable plugged in and waiting. */
const V16_STARTABLE = new Set(['Available', 'Preparing']);
/** 2.0.1 statuses a remote start may be sent to: free, or occupied by a plugged-in EV without a transaction. */
const V201_STARTABLE = new Set(['Available', 'Occupied']);

/**
 * Whether a remote start may go to `evseId` (or, when undefined, to some EVSE of the station).
 * @returns undefined when it may, or the reason it may not (names the connector and its status).
 */
export function remoteStartRefusal(
  version: OcppVersion,
  connectors: readonly ConnectorStatus[],
  busyEvseIds: ReadonlySet<number>,
  evseId: number | undefined,
): string | undefined {
  const startable = version === '1.6' ? V16_STARTABLE : V201_STARTABLE;
  const noun = version === '1.6' ? 'connector' : 'EVSE';
  const ok = (c: ConnectorStatus): boolean => startable.has(c.status) && !busyEvseIds.has(c.evseId);
  const points = connectors.filter((c) => c.evseId > 0);
  if (evseId === undefined) {
    if (points.some(ok)) return undefined;
    if (points.length === 0) return 'the station has not reported the status of any connector yet';
    return `no ${noun} is available (${points.map((c) => `${c.evseId}: ${c.status}`).join(', ')})`;
  }
  const at = points.filter((c) => c.evseId === evseId);
  if (at.length === 0) return `${noun} ${evseId} has not reported a status: it may not exist on this station`;
  if (busyEvseIds.has(evseId)) return `${noun} ${evseId} already has a transaction running`;
  if (at.some(ok)) return undefined;
  return `${noun} ${evseId} is ${at.map((c) => c.status).join('/')}, not Available`;
}
