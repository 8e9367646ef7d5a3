import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation } from '../test-support/station-builders.js';
import type { Station } from './station-core.js';

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
let station: Station;

async function online(version: '1.6' | '2.0.1'): Promise<void> {
  peer = await CsmsPeer.start({ clock, transport });
  station = aStation({ clock, transport, csmsUrl: peer.url, version }).station;
  await station.start();
  await clock.runUntil(() => station.state === 'accepted', 60_000);
}

beforeEach(() => {
  clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00.000Z') });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  await station.stop();
  await peer.close();
});

it.each([
  ['MeterValueSampleInterval', '15', 'Accepted'],
  ['MeterValueSampleInterval', 'often', 'Rejected'],
  ['NumberOfConnectors', '4', 'Rejected'],
  ['NoSuchKey', '1', 'NotSupported'],
  ['MeterValuesSampledData', 'Energy.Active.Import.Register,Temperature', 'Rejected'],
  ['StopTransactionOnInvalidId', 'false', 'Accepted'],
])('1.6 ChangeConfiguration %s=%s is %s', async (key, value, status) => {
  await online('1.6');
  expect(await peer.send('CP001', 'ChangeConfiguration', { key, value })).toEqual({ status });
});

it('1.6 GetConfiguration returns known keys with their read-only flag and lists unknown ones', async () => {
  await online('1.6');
  const answer = (await peer.send('CP001', 'GetConfiguration', {
    key: ['HeartbeatInterval', 'NumberOfConnectors', 'Bogus'],
  })) as { configurationKey: { key: string; readonly: boolean; value: string }[]; unknownKey: string[] };
  expect(answer.configurationKey).toEqual([
    { key: 'HeartbeatInterval', readonly: false, value: '300' },
    { key: 'NumberOfConnectors', readonly: true, value: '1' },
  ]);
  expect(answer.unknownKey).toEqual(['Bogus']);
});

it('1.6 SupportedFeatureProfiles lists FirmwareManagement, which the station handles', async () => {
  await online('1.6');
  const answer = (await peer.send('CP001', 'GetConfiguration', { key: ['SupportedFeatureProfiles'] })) as {
    configurationKey: { value: string }[];
  };
  expect(answer.configurationKey[0]!.value.split(',')).toEqual([
    'Core',
    'FirmwareManagement',
    'SmartCharging',
    'RemoteTrigger',
  ]);
  const update = await peer.send('CP001', 'UpdateFirmware', {
    location: 'ftp://127.0.0.1/none.bin',
    retrieveDate: '2025-03-01T09:00:00.000Z',
  });
  expect(update).toEqual({});
});

it('2.0.1 SetVariables changes the sampling interval the station then uses', async () => {
  await online('2.0.1');
  const set = (await peer.send('CP001', 'SetVariables', {
    setVariableData: [
      {
        component: { name: 'SampledDataCtrlr' },
        variable: { name: 'TxUpdatedInterval' },
        attributeValue: '30',
      },
      { component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' }, attributeValue: 'EVConnected' },
      { component: { name: 'NoSuchCtrlr' }, variable: { name: 'X' }, attributeValue: '1' },
      { component: { name: 'TxCtrlr' }, variable: { name: 'Nope' }, attributeValue: '1' },
    ],
  })) as { setVariableResult: { attributeStatus: string }[] };
  expect(set.setVariableResult.map((r) => r.attributeStatus)).toEqual([
    'Accepted',
    'Rejected',
    'UnknownComponent',
    'UnknownVariable',
  ]);
  expect(station.config.get('MeterValueSampleInterval')).toBe('30');
  const get = (await peer.send('CP001', 'GetVariables', {
    getVariableData: [
      { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' } },
      { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
      {
        component: { name: 'OCPPCommCtrlr' },
        variable: { name: 'HeartbeatInterval' },
        attributeType: 'Target',
      },
    ],
  })) as { getVariableResult: { attributeStatus: string; attributeValue?: string }[] };
  expect(get.getVariableResult.map((r) => [r.attributeStatus, r.attributeValue])).toEqual([
    ['Accepted', '30'],
    ['Accepted', 'Available'],
    ['NotSupportedAttributeType', undefined],
  ]);
});

it('2.0.1 GetBaseReport sends the full inventory in NotifyReport parts with seqNo and tbc', async () => {
  await online('2.0.1');
  expect(await peer.send('CP001', 'GetBaseReport', { requestId: 5, reportBase: 'FullInventory' })).toEqual({
    status: 'Accepted',
  });
  await clock.advanceBy(1_000);
  const reports = peer.of('NotifyReport').map((c) => c.payload);
  expect(reports.length).toBeGreaterThan(1);
  expect(reports.map((r) => r.seqNo)).toEqual(reports.map((_, i) => i));
  expect(reports.map((r) => r.tbc)).toEqual(reports.map((_, i) => i < reports.length - 1));
  const names = reports.flatMap((r) =>
    (r.reportData as { component: { name: string } }[]).map((d) => d.component.name),
  );
  expect(new Set(names)).toEqual(
    new Set([
      'ChargingStation',
      'OCPPCommCtrlr',
      'SampledDataCtrlr',
      'AlignedDataCtrlr',
      'TxCtrlr',
      'AuthCtrlr',
      'AuthCacheCtrlr',
      'SmartChargingCtrlr',
      'DeviceDataCtrlr',
      'ClockCtrlr',
      'EVSE',
      'Connector',
    ]),
  );
  expect(peer.frames.filter((f) => f.verdict === 'invalid')).toEqual([]);
});

it.each(['1.6', '2.0.1'] as const)(
  '%s ChangeAvailability Inoperative makes the EVSE Unavailable',
  async (version) => {
    await online(version);
    const payload =
      version === '1.6'
        ? { connectorId: 1, type: 'Inoperative' }
        : { evse: { id: 1 }, operationalStatus: 'Inoperative' };
    expect(await peer.send('CP001', 'ChangeAvailability', payload)).toEqual({ status: 'Accepted' });
    await clock.advanceBy(1_000);
    expect(station.status(1)).toBe('Unavailable');
    const last = peer.of('StatusNotification').at(-1)!.payload;
    expect(last[version === '1.6' ? 'status' : 'connectorStatus']).toBe('Unavailable');
  },
);
