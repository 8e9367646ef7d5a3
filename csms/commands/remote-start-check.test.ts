import { describe, expect, it } from 'vitest';
import type { ConnectorStatus } from '../stations/station-record.js';
import { remoteStartRefusal } from './remote-start-check.js';

const c = (evseId: number, status: string): ConnectorStatus => ({
  evseId,
  connectorId: evseId,
  status,
  errorCode: null,
  info: null,
  vendorErrorCode: null,
  statusAtMs: 0,
});

describe('remoteStartRefusal', () => {
  it.each([
    ['1.6', [c(1, 'Available')], [], 1, undefined],
    ['1.6', [c(1, 'Preparing')], [], 1, undefined],
    ['1.6', [c(1, 'Charging')], [], 1, 'connector 1 is Charging, not Available'],
    ['1.6', [c(1, 'Faulted')], [], 1, 'connector 1 is Faulted, not Available'],
    ['1.6', [c(1, 'Available')], [1], 1, 'connector 1 already has a transaction running'],
    [
      '1.6',
      [c(1, 'Available')],
      [],
      2,
      'connector 2 has not reported a status: it may not exist on this station',
    ],
    ['1.6', [c(0, 'Available'), c(1, 'Charging'), c(2, 'Available')], [], undefined, undefined],
    [
      '1.6',
      [c(1, 'Charging'), c(2, 'Unavailable')],
      [],
      undefined,
      'no connector is available (1: Charging, 2: Unavailable)',
    ],
    ['1.6', [], [], undefined, 'the station has not reported the status of any connector yet'],
    ['2.0.1', [c(1, 'Occupied')], [], 1, undefined],
    ['2.0.1', [c(1, 'Occupied')], [1], 1, 'EVSE 1 already has a transaction running'],
    ['2.0.1', [c(1, 'Unavailable')], [], 1, 'EVSE 1 is Unavailable, not Available'],
  ] as const)('%s %j busy %j evse %s -> %s', (version, connectors, busy, evseId, expected) => {
    expect(remoteStartRefusal(version, connectors, new Set(busy), evseId)).toBe(expected);
  });
});
