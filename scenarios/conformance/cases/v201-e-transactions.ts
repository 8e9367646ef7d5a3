import type { ConformanceCase } from '../conformance-case.js';
import {
  expectCall,
  goOffline,
  goOnline,
  mayReceive,
  plugIn,
  presentIdTag,
  sendCall,
  unplug,
  wait,
} from '../dsl.js';
import { atLeast, fromVar, present, someItem, textThat } from '../field-pattern.js';
import { ID_TOKEN, V201_ID_TOKEN as TOKEN, v201 } from './v201-sessions.js';

const e = { version: '2.0.1', side: 'charger', suite: 'core', block: 'E Transactions' } as const;
const unsure = 'number as best known; check against the official OCTT 2.0.1 list';

/** Probe: the charger's TxStartPoint includes `point`, else the case does not apply. */
function startPointIs(point: string) {
  return sendCall(
    'GetVariables',
    { getVariableData: [{ component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' } }] },
    undefined,
    {
      applicableIf: {
        fields: {
          getVariableResult: someItem({
            attributeValue: textThat(`a list with ${point}`, (v) => v.split(',').includes(point)),
          }),
        },
        otherwise: `the charger's TxCtrlr.TxStartPoint does not include ${point}`,
      },
    },
  );
}

const authorize = expectCall('Authorize', { idToken: { idToken: TOKEN } });
const started = (fields: Record<string, unknown>) =>
  expectCall(
    'TransactionEvent',
    { eventType: 'Started', seqNo: 0, transactionInfo: { transactionId: present }, ...fields },
    { capture: { transactionId: 'transactionInfo.transactionId' } },
  );
const endedLocally = expectCall('TransactionEvent', {
  eventType: 'Ended',
  seqNo: atLeast(1),
  transactionInfo: { transactionId: fromVar('transactionId'), stoppedReason: 'Local' },
});

/** OCPP 2.0.1 block E (transactions) charger-side cases. */
export const V201_E_CASES: readonly ConformanceCase[] = [
  ...(['EVConnected', 'Authorized', 'PowerPathClosed'] as const).map((point, i): ConformanceCase => ({
    ...e,
    id: `TC_E_0${i + 1}_CS`,
    title: `Start transaction options - ${point}`,
    specRef: 'OCPP 2.0.1 E01 (E01.FR.01-FR.05 TxStartPoint)',
    numberingNote: unsure,
    steps: [
      startPointIs(point),
      plugIn(1),
      v201.occupied(),
      ...(point === 'EVConnected' ? [started({ triggerReason: 'CablePluggedIn' })] : []),
      presentIdTag(TOKEN),
      authorize,
      ...(point === 'EVConnected'
        ? [expectCall('TransactionEvent', { eventType: 'Updated', triggerReason: 'Authorized' })]
        : [started({ triggerReason: 'Authorized', idToken: { idToken: TOKEN }, evse: { id: 1 } })]),
      presentIdTag(TOKEN),
      mayReceive('Authorize', { idToken: { idToken: TOKEN } }),
      endedLocally,
      unplug(1),
      v201.available(),
    ],
  })),
  {
    ...e,
    id: 'TC_E_04_CS',
    title: 'Local start transaction - cable plugin first',
    specRef: 'OCPP 2.0.1 E02 (cable plugin first)',
    numberingNote: unsure,
    steps: [
      plugIn(1),
      v201.occupied(),
      presentIdTag(TOKEN),
      authorize,
      started({ idToken: { idToken: TOKEN }, evse: { id: 1, connectorId: 1 } }),
      presentIdTag(TOKEN),
      mayReceive('Authorize', { idToken: { idToken: TOKEN } }),
      endedLocally,
      unplug(1),
      v201.available(),
    ],
  },
  {
    ...e,
    id: 'TC_E_05_CS',
    title: 'Local start transaction - authorization first',
    specRef: 'OCPP 2.0.1 E03 (authorization first, EVConnectionTimeOut)',
    numberingNote: unsure,
    steps: [
      presentIdTag(TOKEN),
      authorize,
      plugIn(1),
      mayReceive('StatusNotification', { evseId: 1, connectorStatus: 'Occupied' }),
      started({ idToken: { idToken: TOKEN }, evse: { id: 1 } }),
      mayReceive('StatusNotification', { evseId: 1, connectorStatus: 'Occupied' }),
      presentIdTag(TOKEN),
      mayReceive('Authorize', { idToken: { idToken: TOKEN } }),
      endedLocally,
      unplug(1),
      v201.available(),
    ],
  },
  {
    ...e,
    id: 'TC_E_07_CS',
    title: 'Stop transaction options - StopAuthorized (local stop)',
    specRef: 'OCPP 2.0.1 E06 (TxStopPoint Authorized / PowerPathClosed)',
    numberingNote: unsure,
    steps: [
      ...v201.startCharging(7),
      presentIdTag(TOKEN),
      mayReceive('Authorize', { idToken: { idToken: TOKEN } }),
      expectCall('TransactionEvent', {
        eventType: 'Ended',
        triggerReason: 'StopAuthorized',
        transactionInfo: { transactionId: fromVar('transactionId'), stoppedReason: 'Local' },
      }),
      unplug(1),
      v201.available(),
    ],
  },
  {
    ...e,
    id: 'TC_E_08_CS',
    title: 'Stop transaction options - EV disconnected',
    specRef: 'OCPP 2.0.1 E06 (TxStopPoint EVConnected), E10',
    numberingNote: unsure,
    steps: [
      ...v201.startCharging(8),
      unplug(1),
      expectCall('TransactionEvent', {
        eventType: 'Ended',
        triggerReason: 'EVCommunicationLost',
        transactionInfo: { transactionId: fromVar('transactionId'), stoppedReason: 'EVDisconnected' },
      }),
      v201.available(),
    ],
  },
  {
    ...e,
    id: 'TC_E_09_CS',
    title: 'Stop transaction options - remote stop',
    specRef: 'OCPP 2.0.1 F03 RequestStopTransaction, E06',
    numberingNote: unsure,
    steps: [...v201.startCharging(9), ...v201.stopAndUnplug()],
  },
  {
    ...e,
    id: 'TC_E_10_CS',
    title: 'EV-side suspend during a transaction',
    specRef: 'OCPP 2.0.1 E07 (ChargingStateChanged to SuspendedEV), E01.FR.16',
    numberingNote: unsure,
    steps: [
      ...v201.startCharging(10),
      mayReceive('TransactionEvent', {
        eventType: 'Updated',
        transactionInfo: { chargingState: 'Charging' },
      }),
      { kind: 'operator', action: { kind: 'ev-suspend', evseId: 1 } },
      expectCall(
        'TransactionEvent',
        {
          eventType: 'Updated',
          triggerReason: 'ChargingStateChanged',
          transactionInfo: { transactionId: fromVar('transactionId'), chargingState: 'SuspendedEV' },
        },
        { withinMs: 180_000 },
      ),
      ...v201.stopAndUnplug(),
    ],
  },
  {
    ...e,
    id: 'TC_E_12_CS',
    title: 'Offline transaction - queued TransactionEvents with increasing seqNo',
    specRef: 'OCPP 2.0.1 E12 (E12.FR.01-FR.03 offline flag, E.seqNo)',
    numberingNote: unsure,
    ignore: ['StatusNotification', 'BootNotification'],
    steps: [
      sendCall(
        'SetVariables',
        {
          setVariableData: [
            {
              component: { name: 'AuthCtrlr' },
              variable: { name: 'LocalAuthorizeOffline' },
              attributeValue: 'true',
            },
          ],
        },
        { setVariableResult: someItem({ attributeStatus: 'Accepted' }) },
      ),
      goOffline(),
      plugIn(1),
      presentIdTag(TOKEN),
      wait(10_000),
      presentIdTag(TOKEN),
      wait(5_000),
      goOnline(),
      expectCall(
        'TransactionEvent',
        { eventType: 'Started', seqNo: 0, offline: true, idToken: ID_TOKEN },
        { capture: { transactionId: 'transactionInfo.transactionId' } },
      ),
      expectCall('TransactionEvent', {
        eventType: 'Ended',
        seqNo: atLeast(1),
        offline: true,
        transactionInfo: { transactionId: fromVar('transactionId') },
      }),
      unplug(1),
    ],
  },
];
