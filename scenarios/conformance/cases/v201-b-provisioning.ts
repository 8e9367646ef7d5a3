import type { ConformanceCase } from '../conformance-case.js';
import { expectCall, powerCycle, sendCall } from '../dsl.js';
import { oneOf, present, someItem } from '../field-pattern.js';
import { v201 } from './v201-sessions.js';

const b = { version: '2.0.1', side: 'charger', suite: 'core', block: 'B Provisioning' } as const;
const unsure = 'number as best known; check against the official OCTT 2.0.1 list';

function bootAnswer(first: 'Pending' | 'Rejected') {
  return (_req: Record<string, unknown>, _vars: unknown, n: number, nowMs: number) => ({
    status: n === 1 ? first : 'Accepted',
    currentTime: new Date(nowMs).toISOString(),
    interval: n === 1 ? 10 : 3600,
  });
}

function getVariable(component: Record<string, unknown>, variable: Record<string, unknown>) {
  return { getVariableData: [{ component, variable }] };
}

/** OCPP 2.0.1 block B (provisioning) charger-side cases. */
export const V201_B_CASES: readonly ConformanceCase[] = [
  {
    ...b,
    id: 'TC_B_01_CS',
    title: 'Cold boot charging station - accepted',
    specRef: 'OCPP 2.0.1 B01 (B01.FR.01, B01.FR.05)',
    steps: [
      powerCycle(),
      expectCall('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { model: present, vendorName: present },
      }),
      v201.available(),
    ],
  },
  {
    ...b,
    id: 'TC_B_02_CS',
    title: 'Cold boot charging station - pending',
    specRef: 'OCPP 2.0.1 B02 (B02.FR.01: boot again after the interval)',
    answers: { BootNotification: bootAnswer('Pending') },
    steps: [
      powerCycle(),
      expectCall('BootNotification', { reason: 'PowerUp' }),
      expectCall('BootNotification', { chargingStation: present }, { withinMs: 30_000 }),
      v201.available(),
    ],
  },
  {
    ...b,
    id: 'TC_B_03_CS',
    title: 'Cold boot charging station - rejected',
    specRef: 'OCPP 2.0.1 B03 (B03.FR.01: no other message before the interval)',
    answers: { BootNotification: bootAnswer('Rejected') },
    steps: [
      powerCycle(),
      expectCall('BootNotification', { reason: 'PowerUp' }),
      expectCall('BootNotification', { chargingStation: present }, { withinMs: 30_000 }),
      v201.available(),
    ],
  },
  {
    ...b,
    id: 'TC_B_06_CS',
    title: 'Get variables - single value',
    specRef: 'OCPP 2.0.1 B06 GetVariables',
    steps: [
      sendCall('GetVariables', getVariable({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }), {
        getVariableResult: someItem({
          attributeStatus: 'Accepted',
          component: { name: 'OCPPCommCtrlr' },
          attributeValue: present,
        }),
      }),
    ],
  },
  {
    ...b,
    id: 'TC_B_08_CS',
    title: 'Get variables - unknown component',
    specRef: 'OCPP 2.0.1 B06.FR.04',
    numberingNote: unsure,
    steps: [
      sendCall('GetVariables', getVariable({ name: 'ConformanceUnknownCtrlr' }, { name: 'Enabled' }), {
        getVariableResult: someItem({ attributeStatus: 'UnknownComponent' }),
      }),
    ],
  },
  {
    ...b,
    id: 'TC_B_09_CS',
    title: 'Get variables - unknown variable',
    specRef: 'OCPP 2.0.1 B06.FR.05',
    numberingNote: unsure,
    steps: [
      sendCall(
        'GetVariables',
        getVariable({ name: 'OCPPCommCtrlr' }, { name: 'ConformanceUnknownVariable' }),
        {
          getVariableResult: someItem({ attributeStatus: 'UnknownVariable' }),
        },
      ),
    ],
  },
  {
    ...b,
    id: 'TC_B_11_CS',
    title: 'Set variables - single value',
    specRef: 'OCPP 2.0.1 B05 SetVariables',
    numberingNote: unsure,
    steps: [
      sendCall(
        'SetVariables',
        {
          setVariableData: [
            {
              component: { name: 'OCPPCommCtrlr' },
              variable: { name: 'HeartbeatInterval' },
              attributeValue: '1800',
            },
          ],
        },
        { setVariableResult: someItem({ attributeStatus: 'Accepted' }) },
      ),
      sendCall('GetVariables', getVariable({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }), {
        getVariableResult: someItem({ attributeStatus: 'Accepted', attributeValue: '1800' }),
      }),
      sendCall(
        'SetVariables',
        {
          setVariableData: [
            {
              component: { name: 'OCPPCommCtrlr' },
              variable: { name: 'HeartbeatInterval' },
              attributeValue: '3600',
            },
          ],
        },
        { setVariableResult: someItem({ attributeStatus: 'Accepted' }) },
      ),
    ],
  },
  {
    ...b,
    id: 'TC_B_14_CS',
    title: 'Set variables - read-only',
    specRef: 'OCPP 2.0.1 B05.FR.06 (ReadOnly variable: Rejected)',
    numberingNote: unsure,
    steps: [
      sendCall(
        'SetVariables',
        {
          setVariableData: [
            {
              component: { name: 'DeviceDataCtrlr' },
              variable: { name: 'ItemsPerMessage', instance: 'GetVariables' },
              attributeValue: '3',
            },
          ],
        },
        { setVariableResult: someItem({ attributeStatus: 'Rejected' }) },
      ),
    ],
  },
  ...(
    [
      ['TC_B_12_CS', 'ConfigurationInventory'],
      ['TC_B_13_CS', 'FullInventory'],
      ['TC_B_15_CS', 'SummaryInventory'],
    ] as const
  ).map(([id, reportBase], i): ConformanceCase => ({
    ...b,
    id,
    title: `Get base report - ${reportBase}`,
    specRef: 'OCPP 2.0.1 B07 GetBaseReport, B07.FR.01-FR.03',
    numberingNote: unsure,
    steps: [
      sendCall(
        'GetBaseReport',
        { requestId: 7000 + i, reportBase },
        reportBase === 'SummaryInventory' ? undefined : { status: 'Accepted' },
        reportBase === 'SummaryInventory'
          ? {
              applicableIf: {
                fields: { status: 'Accepted' },
                otherwise: 'the charger does not support SummaryInventory',
              },
            }
          : {},
      ),
      expectCall('NotifyReport', { requestId: 7000 + i, seqNo: 0, generatedAt: present }),
    ],
  })),
  {
    ...b,
    id: 'TC_B_20_CS',
    title: 'Reset charging station - without ongoing transaction',
    specRef: 'OCPP 2.0.1 B11 (B11.FR.01), B01',
    numberingNote: unsure,
    steps: [
      sendCall('Reset', { type: 'Immediate' }, { status: 'Accepted' }),
      expectCall('BootNotification', { reason: 'RemoteReset' }),
      v201.available(),
    ],
  },
  {
    ...b,
    id: 'TC_B_21_CS',
    title: 'Reset charging station - with ongoing transaction - OnIdle',
    specRef: 'OCPP 2.0.1 B12 (B12.FR.01: Scheduled, reset when the transaction ends)',
    numberingNote: unsure,
    steps: [
      ...v201.startCharging(21),
      sendCall('Reset', { type: 'OnIdle' }, { status: 'Scheduled' }),
      ...v201.stopAndUnplug().slice(0, 2),
      expectCall('BootNotification', { reason: oneOf('RemoteReset', 'ScheduledReset') }),
      expectCall('StatusNotification', { evseId: 1, connectorStatus: 'Occupied' }),
    ],
  },
  {
    ...b,
    id: 'TC_B_25_CS',
    title: 'Reset EVSE - without ongoing transaction',
    specRef: 'OCPP 2.0.1 B11 (B11.FR.08 reset of one EVSE)',
    numberingNote: unsure,
    steps: [
      sendCall('Reset', { type: 'Immediate', evseId: 1 }, undefined, {
        applicableIf: {
          fields: { status: 'Accepted' },
          otherwise: 'the charger does not reset single EVSEs',
        },
      }),
    ],
  },
  {
    ...b,
    id: 'TC_F_20_CS',
    title: 'Trigger message - Heartbeat',
    specRef: 'OCPP 2.0.1 F06 TriggerMessage (F06.FR.04)',
    block: 'B Provisioning',
    numberingNote: 'TriggerMessage is use case F06; listed under B here; the official number is uncertain',
    watch: ['Heartbeat'],
    steps: [
      sendCall('TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }),
      expectCall('Heartbeat', {}),
    ],
  },
];
