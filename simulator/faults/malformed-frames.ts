import type { OcppVersion } from '../../common/ocpp-version.js';
import type { MalformedKind } from './fault-spec.js';

/**
 * A frame that breaks OCPP-J in one specific way, one per row of the error table, so a CSMS's
 * answer (the CALLERROR code of its version) can be checked class by class.
 * @param messageId id for the frame (from a counter, for reproducible runs)
 * @param timestampIso time to put in payloads that need one
 */
export function malformedFrame(
  kind: MalformedKind,
  version: OcppVersion,
  messageId: string,
  timestampIso = '2025-01-01T00:00:00.000Z',
): string {
  const id = JSON.stringify(messageId);
  const call = (action: string, payload: unknown): string => JSON.stringify([2, messageId, action, payload]);
  const v16 = version === '1.6';
  switch (kind) {
    case 'bad-json':
      return `[2,${id},"Heartbeat",{`;
    case 'bad-frame':
      return JSON.stringify({ messageTypeId: 2, messageId, action: 'Heartbeat' });
    case 'unknown-message-type':
      return `[9,${id},"Heartbeat",{}]`;
    case 'unknown-action':
      return call('FlyToTheMoon', {});
    case 'missing-field':
      return v16
        ? call('StatusNotification', { connectorId: 1, status: 'Available' })
        : call('StatusNotification', {
            timestamp: timestampIso,
            connectorStatus: 'Available',
            connectorId: 1,
          });
    case 'wrong-type':
      return v16
        ? call('StatusNotification', { connectorId: '1', errorCode: 'NoError', status: 'Available' })
        : call('StatusNotification', {
            timestamp: timestampIso,
            connectorStatus: 'Available',
            evseId: '1',
            connectorId: 1,
          });
    case 'bad-property':
      return v16
        ? call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' })
        : call('StatusNotification', {
            timestamp: timestampIso,
            connectorStatus: 'Sleeping',
            evseId: 1,
            connectorId: 1,
          });
    case 'bad-format':
      return v16
        ? call('Authorize', { idTag: 'X'.repeat(21) })
        : call('Authorize', { idToken: { idToken: 'X'.repeat(37), type: 'ISO14443' } });
  }
}
