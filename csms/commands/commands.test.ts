import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import type { TestStation } from '../test-support/test-station.js';
import { connectTestStation } from '../test-support/test-station.js';

const hb = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };

/** [version, action, request, the station's response]: every command the REST API names. */
const COMMANDS: [OcppVersion, string, Record<string, unknown>, Record<string, unknown>][] = [
  ['1.6', 'RemoteStartTransaction', { idTag: 'T-1', connectorId: 1 }, { status: 'Accepted' }],
  ['1.6', 'RemoteStopTransaction', { transactionId: 77 }, { status: 'Rejected' }],
  ['1.6', 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, { status: 'Scheduled' }],
  ['1.6', 'Reset', { type: 'Soft' }, { status: 'Accepted' }],
  ['1.6', 'UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
  [
    '1.6',
    'TriggerMessage',
    { requestedMessage: 'StatusNotification', connectorId: 1 },
    { status: 'Accepted' },
  ],
  [
    '1.6',
    'GetConfiguration',
    { key: ['HeartbeatInterval'] },
    { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: [] },
  ],
  ['1.6', 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }, { status: 'Accepted' }],
  ['1.6', 'ClearCache', {}, { status: 'Accepted' }],
  [
    '1.6',
    'DataTransfer',
    { vendorId: 'com.acme', messageId: 'ping', data: 'x' },
    { status: 'Accepted', data: 'pong' },
  ],
  [
    '2.0.1',
    'RequestStartTransaction',
    { idToken: { idToken: 'T-2', type: 'ISO14443' }, remoteStartId: 5 },
    { status: 'Accepted' },
  ],
  ['2.0.1', 'RequestStopTransaction', { transactionId: 'NONE' }, { status: 'Rejected' }],
  [
    '2.0.1',
    'ChangeAvailability',
    { operationalStatus: 'Inoperative', evse: { id: 1 } },
    { status: 'Accepted' },
  ],
  ['2.0.1', 'Reset', { type: 'OnIdle' }, { status: 'Scheduled' }],
  ['2.0.1', 'UnlockConnector', { evseId: 1, connectorId: 1 }, { status: 'Unlocked' }],
  ['2.0.1', 'TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }],
  [
    '2.0.1',
    'GetVariables',
    { getVariableData: [hb] },
    { getVariableResult: [{ ...hb, attributeStatus: 'Accepted', attributeValue: '300' }] },
  ],
  [
    '2.0.1',
    'SetVariables',
    { setVariableData: [{ ...hb, attributeValue: '60' }] },
    { setVariableResult: [{ ...hb, attributeStatus: 'Accepted' }] },
  ],
];

describe('remote commands through POST /api/stations/{id}/commands/{action}', () => {
  let t: TestCsms;
  const stations = new Map<OcppVersion, TestStation>();
  const received: [string, unknown][] = [];

  beforeAll(async () => {
    t = await startTestCsms('pglite');
    for (const version of ['1.6', '2.0.1'] as const) {
      const handlers: Record<string, (p: unknown) => unknown> = {};
      for (const [v, action, , response] of COMMANDS) {
        if (v !== version) continue;
        handlers[action] = (payload) => {
          received.push([`${version} ${action}`, payload]);
          return response;
        };
      }
      const station = await connectTestStation({
        url: t.csms.ocppUrl,
        stationId: `CMD-${version}`,
        version,
        handlers,
      });
      stations.set(version, station);
    }
    await stations
      .get('1.6')!
      .call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await stations.get('2.0.1')!.call('StatusNotification', {
      timestamp: '2025-01-01T00:00:00Z',
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
  });
  afterAll(async () => {
    for (const s of stations.values()) await s.close();
    await t?.dispose();
  });

  it.each(COMMANDS)(
    '%s %s reaches the station and its answer comes back',
    async (version, action, request, response) => {
      const res = await t.http('POST', `/api/stations/CMD-${version}/commands/${action}`, request);
      expect(res).toEqual({ status: 200, body: { stationId: `CMD-${version}`, action, version, response } });
      expect(received.at(-1)).toEqual([`${version} ${action}`, request]);
    },
  );

  it('in-process: sendCommand gives the same answer', async () => {
    const result = await t.csms.sendCommand('CMD-1.6', 'ClearCache', {});
    expect(result.response).toEqual({ status: 'Accepted' });
  });
});
