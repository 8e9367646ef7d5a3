import type { StartTransactionRequest, StartTransactionResponse } from '../../../schemas/types/ocpp16.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';
import { idTagInfoOf } from './id-tag-info.js';

/**
 * 1.6 StartTransaction: the CSMS assigns the transactionId. The transaction is recorded whatever
 * the idTag's status (the station has started it); the station learns the status and stops it if
 * the tag is not accepted. A resent start gets the same id back.
 */
export async function startTransaction(
  req: StartTransactionRequest,
  ctx: HandlerContext,
): Promise<StartTransactionResponse> {
  const { auth, transactions, events } = ctx.services;
  const decision = await auth.check(req.idTag, ctx.receivedAtMs);
  const { tx, created } = await transactions.start({
    stationId: ctx.stationId,
    version: '1.6',
    evseId: req.connectorId,
    connectorId: req.connectorId,
    idTag: req.idTag,
    ...(decision.userId === undefined ? {} : { userId: decision.userId }),
    meterStartWh: req.meterStart,
    startedAtMs: timeOf(req.timestamp, ctx.receivedAtMs),
    ...(req.reservationId === undefined ? {} : { reservationId: req.reservationId }),
  });
  if (created) {
    events.emit('transaction.started', {
      transactionId: tx.id,
      transactionRef: tx.transactionRef,
      stationId: ctx.stationId,
      version: '1.6',
      evseId: tx.evseId,
      connectorId: tx.connectorId,
      idTag: tx.idTag,
      meterStartWh: tx.meterStartWh,
      startedAtMs: tx.startedAtMs,
    });
  }
  return { transactionId: tx.id, idTagInfo: idTagInfoOf(decision) };
}
