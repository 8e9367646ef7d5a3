import type { OcppVersion } from '../ocpp-version.js';

/** A fixed instant used in payloads, so that frames are the same on every run. */
export const FIXED_TIME = '2026-01-01T12:00:00.000Z';

/** A valid BootNotification request for `version`, with fields overridden (1.6: top level; 2.0.1: chargingStation). */
export function aBootNotification(
  version: OcppVersion,
  station: Record<string, unknown> = {},
): Record<string, unknown> {
  if (version === '1.6') return { chargePointVendor: 'Acme', chargePointModel: 'AC-22', ...station };
  return { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'AC-22', ...station } };
}

/** A valid BootNotification response (both versions share its shape). */
export function aBootAccepted(intervalS = 300): Record<string, unknown> {
  return { status: 'Accepted', currentTime: FIXED_TIME, interval: intervalS };
}

/** A valid Heartbeat response. */
export function aHeartbeatAnswer(currentTime = FIXED_TIME): Record<string, unknown> {
  return { currentTime };
}

/** A valid Reset request (CSMS to station). */
export function aReset(version: OcppVersion): Record<string, unknown> {
  return { type: version === '1.6' ? 'Soft' : 'Immediate' };
}

/** A valid StatusNotification request, with fields overridden. */
export function aStatusNotification(
  version: OcppVersion,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  if (version === '1.6') {
    return { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: FIXED_TIME, ...fields };
  }
  return { timestamp: FIXED_TIME, connectorStatus: 'Available', evseId: 1, connectorId: 1, ...fields };
}
