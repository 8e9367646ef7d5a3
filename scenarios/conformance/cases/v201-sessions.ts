import type { CaseStep } from '../conformance-case.js';
import { expectCall, mayReceive, plugIn, sendCall, unplug } from '../dsl.js';
import { fromVar, present } from '../field-pattern.js';

/** The token the 2.0.1 charger-side cases present. */
export const V201_ID_TOKEN = 'CONF201TOKEN1';

/** The idToken object of {@link V201_ID_TOKEN}. */
export const ID_TOKEN = { idToken: V201_ID_TOKEN, type: 'ISO14443' } as const;

/** Steps shared by the 2.0.1 charger-side cases. */
export const v201 = {
  available: (): CaseStep =>
    expectCall('StatusNotification', { evseId: 1, connectorId: 1, connectorStatus: 'Available' }),
  occupied: (): CaseStep =>
    expectCall('StatusNotification', { evseId: 1, connectorId: 1, connectorStatus: 'Occupied' }),
  /** Cable in, RequestStartTransaction, TransactionEvent Started (captures `transactionId`). */
  startCharging(remoteStartId = 1): CaseStep[] {
    return [
      plugIn(1),
      v201.occupied(),
      sendCall(
        'RequestStartTransaction',
        { evseId: 1, remoteStartId, idToken: ID_TOKEN },
        { status: 'Accepted' },
      ),
      mayReceive('Authorize', { idToken: { idToken: V201_ID_TOKEN } }),
      expectCall(
        'TransactionEvent',
        { eventType: 'Started', transactionInfo: { transactionId: present, remoteStartId }, evse: { id: 1 } },
        { capture: { transactionId: 'transactionInfo.transactionId' } },
      ),
    ];
  },
  /** RequestStopTransaction of the running transaction, then the cable out: Available. */
  stopAndUnplug(): CaseStep[] {
    return [
      sendCall('RequestStopTransaction', (vars) => ({ transactionId: vars['transactionId'] }), {
        status: 'Accepted',
      }),
      expectCall('TransactionEvent', {
        eventType: 'Ended',
        triggerReason: 'RemoteStop',
        transactionInfo: { transactionId: fromVar('transactionId'), stoppedReason: 'Remote' },
      }),
      unplug(1),
      v201.available(),
    ];
  },
};
