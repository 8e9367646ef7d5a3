import type { ConformanceCase } from '../conformance-case.js';
import { expectCall, powerCycle, sendCall } from '../dsl.js';
import { oneOf, present, someItem } from '../field-pattern.js';

const core = { version: '1.6', side: 'charger', suite: 'core', block: '1.6 Core' } as const;
const available = expectCall('StatusNotification', { connectorId: 1, status: 'Available' });

/** OCPP 1.6 Core charger-side cases about the charger itself: boot, reset, configuration, connectors, messages. */
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
