import type { ConformanceCase } from '../conformance-case.js';
import {
  expectCall,
  expectNoCall,
  goOffline,
  goOnline,
  mayReceive,
  plugIn,
  powerCycle,
  presentIdTag,
  sendCall,
  unplug,
  wait,
} from '../dsl.js';
import { fromVar, oneOf, present, someItem } from '../field-pattern.js';
import { V16_ID_TAG as TAG, v16 } from './v16-sessions.js';

const core = { version: '1.6', side: 'charger', suite: 'core', block: '1.6 Core' } as const;
const available = expectCall('StatusNotification', { connectorId: 1, status: 'Available' });
const preparing = expectCall('StatusNotification', { connectorId: 1, status: 'Preparing' });
const charging = expectCall('StatusNotification', {
  connectorId: 1,
  status: oneOf('Charging', 'SuspendedEV', 'SuspendedEVSE'),
});

/** OCPP 1.6 Core charger-side cases (the charger is under test, the harness is its CSMS). */
export const V16_CORE_CASES: readonly ConformanceCase[] = [
  {
    ...core,
    id: 'TC_001',
    title: 'Cold boot charge point',
    specRef: 'OCPP 1.6 §4.2 BootNotification, §4.9 StatusNotification',
    steps: [
      powerCycle(),
      expectCall('BootNotification', { chargePointVendor: present, chargePointModel: present }),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_003',
    title: 'Regular charging session - plugin first',
    specRef: 'OCPP 1.6 §3.6, §4.1 Authorize, §4.8 StartTransaction, §4.9 StatusNotification',
    steps: [
      plugIn(1),
      preparing,
      presentIdTag(TAG),
      expectCall('Authorize', { idTag: TAG }),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG, meterStart: present, timestamp: present }),
      charging,
      presentIdTag(TAG),
      mayReceive('Authorize', { idTag: TAG }),
      expectCall('StopTransaction', {
        transactionId: fromVar('transactionId'),
        reason: oneOf('Local', undefined),
      }),
      expectCall('StatusNotification', { connectorId: 1, status: 'Finishing' }),
      unplug(1),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_004_1',
    title: 'Regular charging session - identification first',
    specRef: 'OCPP 1.6 §3.6, §4.1 Authorize, §4.8 StartTransaction',
    steps: [
      presentIdTag(TAG),
      expectCall('Authorize', { idTag: TAG }),
      mayReceive('StatusNotification', { connectorId: 1, status: 'Preparing' }),
      plugIn(1),
      mayReceive('StatusNotification', { connectorId: 1, status: 'Preparing' }),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG }),
      charging,
      ...v16.stopAndUnplug(),
    ],
  },
  {
    ...core,
    id: 'TC_005_1',
    title: 'EV side disconnected',
    specRef: 'OCPP 1.6 §4.10 StopTransaction, StopTransactionOnEVSideDisconnect',
    steps: [
      sendCall(
        'ChangeConfiguration',
        { key: 'StopTransactionOnEVSideDisconnect', value: 'true' },
        { status: 'Accepted' },
      ),
      ...v16.startCharging(),
      unplug(1),
      expectCall('StopTransaction', { transactionId: fromVar('transactionId'), reason: 'EVDisconnected' }),
      mayReceive('StatusNotification', { connectorId: 1, status: 'Finishing' }),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_010',
    title: 'Remote start charging session - cable plugged in first',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction',
    steps: [...v16.startCharging(), ...v16.stopAndUnplug()],
  },
  {
    ...core,
    id: 'TC_011_1',
    title: 'Remote start charging session - remote start first',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction',
    steps: [
      sendCall('RemoteStartTransaction', { connectorId: 1, idTag: TAG }, { status: 'Accepted' }),
      mayReceive('Authorize', { idTag: TAG }),
      preparing,
      plugIn(1),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG }),
      charging,
      ...v16.stopAndUnplug(),
    ],
  },
  {
    ...core,
    id: 'TC_011_2',
    title: 'Remote start charging session - time out',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction, ConnectionTimeOut',
    steps: [
      sendCall('ChangeConfiguration', { key: 'ConnectionTimeOut', value: '30' }, { status: 'Accepted' }),
      sendCall('RemoteStartTransaction', { connectorId: 1, idTag: TAG }, { status: 'Accepted' }),
      mayReceive('Authorize', { idTag: TAG }),
      preparing,
      expectCall('StatusNotification', { connectorId: 1, status: 'Available' }, { withinMs: 40_000 }),
      expectNoCall('StartTransaction', 5_000),
      sendCall('ChangeConfiguration', { key: 'ConnectionTimeOut', value: '60' }, { status: 'Accepted' }),
    ],
  },
  {
    ...core,
    id: 'TC_012',
    title: 'Remote stop charging session',
    specRef: 'OCPP 1.6 §5.12 RemoteStopTransaction',
    steps: [...v16.startCharging(), ...v16.stopAndUnplug()],
  },
  {
    ...core,
    id: 'TC_013',
    title: 'Hard reset without transaction',
    specRef: 'OCPP 1.6 §5.14 Reset',
    steps: [
      sendCall('Reset', { type: 'Hard' }, { status: 'Accepted' }),
      expectCall('BootNotification', { chargePointVendor: present }),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_014',
    title: 'Soft reset without transaction',
    specRef: 'OCPP 1.6 §5.14 Reset',
    steps: [
      sendCall('Reset', { type: 'Soft' }, { status: 'Accepted' }),
      expectCall('BootNotification', { chargePointVendor: present }),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_017_1',
    title: 'Unlock connector - no charging session running',
    specRef: 'OCPP 1.6 §5.18 UnlockConnector',
    steps: [sendCall('UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' })],
  },
  {
    ...core,
    id: 'TC_019_1',
    title: 'Retrieve all configuration keys',
    specRef: 'OCPP 1.6 §5.8 GetConfiguration, §9.1',
    steps: [
      sendCall(
        'GetConfiguration',
        {},
        {
          configurationKey: someItem({ key: 'HeartbeatInterval' }),
        },
      ),
    ],
  },
  {
    ...core,
    id: 'TC_019_2',
    title: 'Retrieve specific configuration key',
    specRef: 'OCPP 1.6 §5.8 GetConfiguration',
    steps: [
      sendCall(
        'GetConfiguration',
        { key: ['SupportedFeatureProfiles'] },
        {
          configurationKey: someItem({ key: 'SupportedFeatureProfiles', readonly: true }),
        },
      ),
    ],
  },
  {
    ...core,
    id: 'TC_021',
    title: 'Change/set configuration',
    specRef: 'OCPP 1.6 §5.3 ChangeConfiguration',
    steps: [
      sendCall(
        'ChangeConfiguration',
        { key: 'MeterValueSampleInterval', value: '30' },
        { status: 'Accepted' },
      ),
      sendCall(
        'GetConfiguration',
        { key: ['MeterValueSampleInterval'] },
        {
          configurationKey: someItem({ key: 'MeterValueSampleInterval', value: '30' }),
        },
      ),
      sendCall(
        'ChangeConfiguration',
        { key: 'MeterValueSampleInterval', value: '60' },
        { status: 'Accepted' },
      ),
    ],
  },
  ...(['Invalid', 'Expired', 'Blocked'] as const).map((status, i): ConformanceCase => ({
    ...core,
    id: `TC_023_${i + 1}`,
    title: `Start charging session - authorize ${status.toLowerCase()}`,
    specRef: 'OCPP 1.6 §4.1 Authorize, §7.26 IdTagInfo',
    answers: { Authorize: { idTagInfo: { status } } },
    steps: [
      presentIdTag(TAG),
      expectCall('Authorize', { idTag: TAG }),
      expectNoCall('StartTransaction', 10_000),
    ],
  })),
  {
    ...core,
    id: 'TC_026',
    title: 'Remote start charging session - rejected',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction, §5.2 ChangeAvailability',
    steps: [
      sendCall('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }, { status: 'Accepted' }),
      expectCall('StatusNotification', { connectorId: 1, status: 'Unavailable' }),
      sendCall('RemoteStartTransaction', { connectorId: 1, idTag: TAG }, { status: 'Rejected' }),
      sendCall('ChangeAvailability', { connectorId: 1, type: 'Operative' }, { status: 'Accepted' }),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_028',
    title: 'Remote stop transaction - rejected',
    specRef: 'OCPP 1.6 §5.12 RemoteStopTransaction',
    steps: [sendCall('RemoteStopTransaction', { transactionId: 987654 }, { status: 'Rejected' })],
  },
  {
    ...core,
    id: 'TC_030',
    title: 'Unlock connector - unlock failure',
    specRef: 'OCPP 1.6 §5.18 UnlockConnector',
    preconditions: ['The connector lock is blocked so that it cannot unlock (done by the tester).'],
    steps: [
      { kind: 'operator', action: { kind: 'block-connector-lock', evseId: 1 } },
      sendCall('UnlockConnector', { connectorId: 1 }, { status: 'UnlockFailed' }),
    ],
  },
  {
    ...core,
    id: 'TC_031',
    title: 'Unlock connector - unknown connector',
    specRef: 'OCPP 1.6 §5.18 UnlockConnector',
    steps: [sendCall('UnlockConnector', { connectorId: 99 }, { status: 'NotSupported' })],
  },
  {
    ...core,
    id: 'TC_037_1',
    title: 'Offline start transaction',
    specRef: 'OCPP 1.6 §3.4 Transaction-related messages, §3.5 Local authorization, LocalAuthorizeOffline',
    ignore: ['StatusNotification', 'BootNotification'],
    steps: [
      sendCall(
        'ChangeConfiguration',
        { key: 'LocalAuthorizeOffline', value: 'true' },
        { status: 'Accepted' },
      ),
      goOffline(),
      plugIn(1),
      presentIdTag(TAG),
      wait(5_000),
      goOnline(),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG, timestamp: present }),
      ...v16.stopAndUnplug().slice(0, 2),
      unplug(1),
    ],
  },
  {
    ...core,
    id: 'TC_038',
    title: 'Offline stop transaction',
    specRef: 'OCPP 1.6 §3.4 Transaction-related messages, §4.10 StopTransaction',
    ignore: ['BootNotification'],
    steps: [
      ...v16.startCharging(),
      goOffline(),
      presentIdTag(TAG),
      wait(5_000),
      goOnline(),
      mayReceive('StatusNotification', { connectorId: 1, status: 'Finishing' }),
      expectCall('StopTransaction', { transactionId: fromVar('transactionId') }),
      mayReceive('StatusNotification', { connectorId: 1, status: 'Finishing' }),
      unplug(1),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_039',
    title: 'Offline transaction',
    specRef: 'OCPP 1.6 §3.4 Transaction-related messages (queued and sent in order)',
    ignore: ['StatusNotification', 'BootNotification'],
    steps: [
      goOffline(),
      plugIn(1),
      presentIdTag(TAG),
      wait(10_000),
      presentIdTag(TAG),
      wait(5_000),
      goOnline(),
      expectCall('StartTransaction', { connectorId: 1, idTag: TAG }),
      expectCall('StopTransaction', { transactionId: fromVar('transactionId'), meterStop: present }),
      unplug(1),
    ],
  },
  {
    ...core,
    id: 'TC_040_1',
    title: 'Configuration keys - NotSupported',
    specRef: 'OCPP 1.6 §5.3 ChangeConfiguration',
    steps: [
      sendCall(
        'ChangeConfiguration',
        { key: 'ConformanceUnknownKey', value: '1' },
        { status: 'NotSupported' },
      ),
    ],
  },
  {
    ...core,
    id: 'TC_040_2',
    title: 'Configuration keys - invalid value',
    specRef: 'OCPP 1.6 §5.3 ChangeConfiguration',
    steps: [
      sendCall(
        'ChangeConfiguration',
        { key: 'MeterValueSampleInterval', value: '-1' },
        { status: 'Rejected' },
      ),
    ],
  },
  {
    ...core,
    id: 'TC_054',
    title: 'Trigger message',
    specRef: 'OCPP 1.6 §5.17 TriggerMessage',
    requiresFeature: 'RemoteTrigger',
    steps: [
      sendCall(
        'TriggerMessage',
        { requestedMessage: 'StatusNotification', connectorId: 1 },
        { status: 'Accepted' },
      ),
      available,
    ],
  },
  {
    ...core,
    id: 'TC_061',
    title: 'Clear authorization data in authorization cache',
    specRef: 'OCPP 1.6 §5.4 ClearCache',
    steps: [sendCall('ClearCache', {}, { status: 'Accepted' })],
  },
  {
    ...core,
    id: 'TC_064',
    title: 'Data transfer to a charge point',
    specRef: 'OCPP 1.6 §5.6 DataTransfer',
    steps: [
      sendCall(
        'DataTransfer',
        { vendorId: 'org.ocpp-harness.conformance', messageId: 'Ping' },
        {
          status: oneOf('UnknownVendorId', 'UnknownMessageId', 'Rejected', 'Accepted'),
        },
      ),
    ],
  },
  {
    ...core,
    id: 'TC_002',
    title: 'Cold boot charge point - pending',
    specRef: 'OCPP 1.6 §4.2 BootNotification (Pending, interval)',
    answers: {
      BootNotification: (_req, _vars, n, nowMs) => ({
        status: n === 1 ? 'Pending' : 'Accepted',
        currentTime: new Date(nowMs).toISOString(),
        interval: n === 1 ? 10 : 3600,
      }),
    },
    steps: [
      powerCycle(),
      expectCall('BootNotification', { chargePointVendor: present }),
      expectCall('BootNotification', { chargePointVendor: present }, { withinMs: 30_000 }),
      available,
    ],
  },
];
