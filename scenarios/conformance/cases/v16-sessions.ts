import type { CaseStep } from '../conformance-case.js';
import { expectCall, mayReceive, plugIn, sendCall, unplug } from '../dsl.js';
import { fromVar, oneOf } from '../field-pattern.js';

/** The card the 1.6 charger-side cases present. */
export const V16_ID_TAG = 'CONF16TAG1';

/** Steps shared by the 1.6 charger-side cases. */
export const v16 = {
  /** Cable in, remote start, transaction started and charging (captures `transactionId`). */
  startCharging(): CaseStep[] {
    return [
      plugIn(1),
      expectCall('StatusNotification', { connectorId: 1, status: 'Preparing' }),
      sendCall('RemoteStartTransaction', { connectorId: 1, idTag: V16_ID_TAG }, { status: 'Accepted' }),
      mayReceive('Authorize', { idTag: V16_ID_TAG }),
      expectCall('StartTransaction', { connectorId: 1, idTag: V16_ID_TAG }),
      expectCall('StatusNotification', {
        connectorId: 1,
        status: oneOf('Charging', 'SuspendedEV', 'SuspendedEVSE'),
      }),
    ];
  },
  /** Remote stop of the running transaction, then the cable out: back to Available. */
  stopAndUnplug(): CaseStep[] {
    return [
      sendCall('RemoteStopTransaction', (vars) => ({ transactionId: vars['transactionId'] }), {
        status: 'Accepted',
      }),
      expectCall('StopTransaction', { transactionId: fromVar('transactionId'), reason: 'Remote' }),
      expectCall('StatusNotification', { connectorId: 1, status: 'Finishing' }),
      unplug(1),
      expectCall('StatusNotification', { connectorId: 1, status: 'Available' }),
    ];
  },
};
