import type { ConformanceCase } from '../conformance-case.js';
import { csmsCommand, expectCall, sendCall } from '../dsl.js';
import { atLeast, oneOf, present, textThat } from '../field-pattern.js';
import { rpcFrameworkCases } from './rpc-framework-csms.js';

const side = { version: '2.0.1', side: 'csms', suite: 'core', block: 'B Provisioning (CSMS)' } as const;
const unsure = 'number as best known; check against the official OCTT 2.0.1 list';
const iso = textThat('a UTC date-time', (t) => !Number.isNaN(Date.parse(t)) && t.endsWith('Z'));
const token = (v: Record<string, unknown>) => ({ idToken: v['idTag'], type: 'ISO14443' });

function status(connectorStatus: string) {
  return sendCall(
    'StatusNotification',
    (v) => ({ timestamp: v['now'], connectorStatus, evseId: 1, connectorId: 1 }),
    {},
  );
}

function boot(reason: string) {
  return sendCall(
    'BootNotification',
    {
      reason,
      chargingStation: { vendorName: 'OcppHarness', model: 'Conformance', firmwareVersion: '1.0.0' },
    },
    { status: 'Accepted', currentTime: iso, interval: atLeast(0) },
  );
}

function txEvent(
  eventType: string,
  seqNo: number,
  trigger: string,
  extra: (v: Record<string, unknown>) => Record<string, unknown>,
  expect: Record<string, unknown> = {},
) {
  return sendCall(
    'TransactionEvent',
    (v) => ({
      eventType,
      timestamp: v['now'],
      triggerReason: trigger,
      seqNo,
      transactionInfo: {
        transactionId: `${String(v['txPrefix'])}-1`,
        ...(eventType === 'Ended' ? { stoppedReason: trigger === 'RemoteStop' ? 'Remote' : 'Local' } : {}),
      },
      ...extra(v),
    }),
    expect,
  );
}

const meter = (v: Record<string, unknown>, wh: number) => ({
  meterValue: [
    {
      timestamp: v['now'],
      sampledValue: [
        { value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
      ],
    },
  ],
});

/** OCPP 2.0.1 CSMS-side cases (the CSMS is under test, the harness is its charger). */
export const V201_CSMS_CASES: readonly ConformanceCase[] = [
  {
    ...side,
    id: 'TC_B_01_CSMS',
    title: 'Cold boot charging station - accepted',
    specRef: 'OCPP 2.0.1 B01 (B01.FR.02 interval, currentTime)',
    steps: [boot('PowerUp'), status('Available'), sendCall('Heartbeat', {}, { currentTime: iso })],
  },
  {
    ...side,
    block: 'C Authorization (CSMS)',
    id: 'TC_C_02_CSMS',
    title: 'Authorization - unknown id token',
    specRef: 'OCPP 2.0.1 C01 Authorize (idTokenInfo.status)',
    numberingNote: unsure,
    steps: [
      sendCall('Authorize', (v) => ({ idToken: { idToken: v['unknownIdTag'], type: 'ISO14443' } }), {
        idTokenInfo: { status: oneOf('Invalid', 'Unknown', 'Blocked', 'Expired') },
      }),
    ],
  },
  {
    ...side,
    block: 'E Transactions (CSMS)',
    id: 'TC_E_01_CSMS',
    title: 'Transaction events - started, updated, ended',
    specRef: 'OCPP 2.0.1 E01-E06 TransactionEvent (E01.FR.01, seqNo)',
    numberingNote: unsure,
    steps: [
      status('Occupied'),
      txEvent(
        'Started',
        0,
        'Authorized',
        (v) => ({ idToken: token(v), evse: { id: 1, connectorId: 1 }, ...meter(v, 0) }),
        {
          idTokenInfo: { status: 'Accepted' },
        },
      ),
      txEvent('Updated', 1, 'MeterValuePeriodic', (v) => meter(v, 1500)),
      txEvent('Ended', 2, 'StopAuthorized', (v) => ({ idToken: token(v), ...meter(v, 3000) })),
      status('Available'),
    ],
  },
  {
    ...side,
    block: 'F Remote Control (CSMS)',
    id: 'TC_F_01_CSMS',
    title: 'Remote start and stop transaction',
    specRef: 'OCPP 2.0.1 F01 RequestStartTransaction, F03 RequestStopTransaction',
    numberingNote: unsure,
    steps: [
      status('Occupied'),
      csmsCommand('RequestStartTransaction', (v) => ({ evseId: 1, remoteStartId: 401, idToken: token(v) })),
      expectCall(
        'RequestStartTransaction',
        { idToken: { idToken: present }, remoteStartId: present },
        { capture: { remoteStartId: 'remoteStartId' } },
      ),
      sendCall(
        'TransactionEvent',
        (v) => ({
          eventType: 'Started',
          timestamp: v['now'],
          triggerReason: 'RemoteStart',
          seqNo: 0,
          transactionInfo: { transactionId: `${String(v['txPrefix'])}-2`, remoteStartId: v['remoteStartId'] },
          idToken: token(v),
          evse: { id: 1, connectorId: 1 },
        }),
        { idTokenInfo: { status: 'Accepted' } },
      ),
      csmsCommand('RequestStopTransaction', (v) => ({ transactionId: `${String(v['txPrefix'])}-2` })),
      expectCall('RequestStopTransaction', {
        transactionId: textThat('the started transaction', (t) => t.endsWith('-2')),
      }),
      sendCall(
        'TransactionEvent',
        (v) => ({
          eventType: 'Ended',
          timestamp: v['now'],
          triggerReason: 'RemoteStop',
          seqNo: 1,
          transactionInfo: { transactionId: `${String(v['txPrefix'])}-2`, stoppedReason: 'Remote' },
        }),
        {},
      ),
      status('Available'),
    ],
  },
  {
    ...side,
    id: 'TC_B_20_CSMS',
    title: 'Reset charging station',
    specRef: 'OCPP 2.0.1 B11 Reset, B01',
    numberingNote: unsure,
    steps: [
      csmsCommand('Reset', { type: 'Immediate' }),
      expectCall('Reset', { type: oneOf('Immediate', 'OnIdle') }),
      boot('RemoteReset'),
      status('Available'),
    ],
  },
  {
    ...side,
    id: 'TC_B_06_CSMS',
    title: 'Get variables',
    specRef: 'OCPP 2.0.1 B06 GetVariables',
    numberingNote: unsure,
    steps: [
      csmsCommand('GetVariables', {
        getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
      }),
      expectCall('GetVariables', { getVariableData: present }),
    ],
  },
  {
    ...side,
    suite: 'smart-charging',
    block: 'K Smart Charging (CSMS)',
    id: 'TC_K_01_CSMS',
    title: 'Set charging profile - TxDefaultProfile',
    specRef: 'OCPP 2.0.1 K01 SetChargingProfile',
    numberingNote: unsure,
    steps: [
      csmsCommand('SetChargingProfile', {
        evseId: 1,
        chargingProfile: {
          id: 201,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: [
            {
              id: 201,
              chargingRateUnit: 'A',
              startSchedule: '2020-01-01T00:00:00.000Z',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
            },
          ],
        },
      }),
      expectCall('SetChargingProfile', {
        evseId: present,
        chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' },
      }),
    ],
  },
  ...rpcFrameworkCases('2.0.1'),
];
