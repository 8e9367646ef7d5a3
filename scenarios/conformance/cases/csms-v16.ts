import type { ConformanceCase } from '../conformance-case.js';
import { csmsCommand, expectCall, sendCall } from '../dsl.js';
import { atLeast, fromVar, oneOf, present, textThat } from '../field-pattern.js';
import { rpcFrameworkCases } from './rpc-framework-csms.js';

const side = { version: '1.6', side: 'csms', suite: 'core', block: '1.6 Core (CSMS)' } as const;
const note =
  "OCTT 1.6 tests a Central System with cases of the same number; the _CSMS suffix is the harness's";
const iso = textThat('a UTC date-time', (t) => !Number.isNaN(Date.parse(t)) && t.endsWith('Z'));
const tag = (vars: Record<string, unknown>): unknown => vars['idTag'];

function status(connectorId: number, s: string) {
  return sendCall(
    'StatusNotification',
    (v) => ({ connectorId, errorCode: 'NoError', status: s, timestamp: v['now'] }),
    {},
  );
}

function boot() {
  return sendCall(
    'BootNotification',
    { chargePointVendor: 'OcppHarness', chargePointModel: 'Conformance', firmwareVersion: '1.0.0' },
    { status: 'Accepted', currentTime: iso, interval: atLeast(0) },
  );
}

function startTransaction() {
  return sendCall(
    'StartTransaction',
    (v) => ({ connectorId: 1, idTag: tag(v), meterStart: 0, timestamp: v['now'] }),
    { transactionId: present, idTagInfo: { status: 'Accepted' } },
    { capture: { transactionId: 'transactionId' } },
  );
}

function stopTransaction(reason: string) {
  return sendCall(
    'StopTransaction',
    (v) => ({
      transactionId: v['transactionId'],
      idTag: tag(v),
      meterStop: 4_000,
      timestamp: v['now'],
      reason,
    }),
    {},
  );
}

/** OCPP 1.6 CSMS-side cases (the CSMS is under test, the harness is its charger). */
export const V16_CSMS_CASES: readonly ConformanceCase[] = [
  {
    ...side,
    id: 'TC_001_CSMS',
    title: 'Cold boot charge point',
    specRef: 'OCPP 1.6 §4.2 BootNotification, §4.6 Heartbeat, §4.9 StatusNotification',
    numberingNote: note,
    steps: [
      boot(),
      status(0, 'Available'),
      status(1, 'Available'),
      sendCall('Heartbeat', {}, { currentTime: iso }),
    ],
  },
  {
    ...side,
    id: 'TC_003_CSMS',
    title: 'Regular charging session - plugin first',
    specRef: 'OCPP 1.6 §4.1 Authorize, §4.7 MeterValues, §4.8 StartTransaction, §4.10 StopTransaction',
    numberingNote: note,
    steps: [
      status(1, 'Preparing'),
      sendCall('Authorize', (v) => ({ idTag: tag(v) }), { idTagInfo: { status: 'Accepted' } }),
      startTransaction(),
      status(1, 'Charging'),
      sendCall(
        'MeterValues',
        (v) => ({
          connectorId: 1,
          transactionId: v['transactionId'],
          meterValue: [
            {
              timestamp: v['now'],
              sampledValue: [{ value: '2000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
            },
          ],
        }),
        {},
      ),
      stopTransaction('Local'),
      status(1, 'Finishing'),
      status(1, 'Available'),
    ],
  },
  {
    ...side,
    id: 'TC_023_1_CSMS',
    title: 'Start charging session - authorize invalid',
    specRef: 'OCPP 1.6 §4.1 Authorize, §7.26 IdTagInfo',
    numberingNote: note,
    steps: [
      sendCall('Authorize', (v) => ({ idTag: v['unknownIdTag'] }), {
        idTagInfo: { status: oneOf('Invalid', 'Blocked', 'Expired') },
      }),
    ],
  },
  {
    ...side,
    id: 'TC_010_CSMS',
    title: 'Remote start and stop charging session',
    specRef: 'OCPP 1.6 §5.11 RemoteStartTransaction, §5.12 RemoteStopTransaction',
    numberingNote: note,
    steps: [
      status(1, 'Preparing'),
      csmsCommand('RemoteStartTransaction', (v) => ({ connectorId: 1, idTag: tag(v) })),
      expectCall('RemoteStartTransaction', { idTag: present }),
      startTransaction(),
      status(1, 'Charging'),
      csmsCommand('RemoteStopTransaction', (v) => ({ transactionId: v['transactionId'] })),
      expectCall('RemoteStopTransaction', { transactionId: fromVar('transactionId') }),
      stopTransaction('Remote'),
      status(1, 'Finishing'),
      status(1, 'Available'),
    ],
  },
  {
    ...side,
    id: 'TC_013_CSMS',
    title: 'Hard reset',
    specRef: 'OCPP 1.6 §5.14 Reset',
    numberingNote: note,
    steps: [
      csmsCommand('Reset', { type: 'Hard' }),
      expectCall('Reset', { type: 'Hard' }),
      boot(),
      status(1, 'Available'),
    ],
  },
  {
    ...side,
    id: 'TC_019_CSMS',
    title: 'Retrieve configuration',
    specRef: 'OCPP 1.6 §5.8 GetConfiguration',
    numberingNote: note,
    steps: [
      csmsCommand('GetConfiguration', { key: ['HeartbeatInterval'] }),
      expectCall('GetConfiguration', {}),
    ],
  },
  {
    ...side,
    id: 'TC_021_CSMS',
    title: 'Change configuration',
    specRef: 'OCPP 1.6 §5.3 ChangeConfiguration',
    numberingNote: note,
    steps: [
      csmsCommand('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '30' }),
      expectCall('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '30' }),
    ],
  },
  {
    ...side,
    suite: 'smart-charging',
    block: '1.6 Smart Charging (CSMS)',
    id: 'TC_056_CSMS',
    title: 'Central smart charging - TxDefaultProfile',
    specRef: 'OCPP 1.6 §5.16 SetChargingProfile',
    numberingNote: note,
    steps: [
      csmsCommand('SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 56,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            chargingRateUnit: 'A',
            startSchedule: '2020-01-01T00:00:00.000Z',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
          },
        },
      }),
      expectCall('SetChargingProfile', {
        connectorId: present,
        csChargingProfiles: { chargingProfilePurpose: 'TxDefaultProfile' },
      }),
    ],
  },
  ...rpcFrameworkCases('1.6'),
];
