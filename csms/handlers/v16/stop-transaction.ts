import type { StopTransactionRequest, StopTransactionResponse } from '../../../schemas/types/ocpp16.js';
import { normaliseV16MeterValues } from '../../meter/normalise-v16.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';
import { idTagInfoOf } from './id-tag-info.js';
import { recordReadings } from './meter-values.js';

/**
 * 1.6 StopTransaction: the transaction data stored, the energy worked out, the transaction
 * completed. A stop sent again (after a reconnect) is acknowledged and changes nothing; a stop
 * for a transaction this CSMS does not know is acknowledged too (the station must be able to
 * clear its queue) and stays in the message log.
 */
export async function stopTransaction(
  req: StopTransactionRequest,
  ctx: HandlerContext,
): Promise<StopTransactionResponse> {
  const { transactions, auth, events } = ctx.services;
  const tx = await transactions.get(req.transactionId);
  const known = tx !== undefined && tx.stationId === ctx.stationId;
  if (known && tx.status === 'RUNNING' && req.transactionData !== undefined) {
    recordReadings(
      ctx.services,
      { stationId: ctx.stationId, evseId: tx.evseId, connectorId: tx.connectorId, transactionId: tx.id },
      normaliseV16MeterValues(req.transactionData),
    );
  }
  const outcome = await transactions.end({
    stationId: ctx.stationId,
    transactionId: req.transactionId,
    meterStopWh: req.meterStop,
    endedAtMs: timeOf(req.timestamp, ctx.receivedAtMs),
    reason: req.reason ?? 'Local',
  });
  if (outcome.kind === 'ended') {
    events.emit('transaction.ended', {
      transactionId: outcome.tx.id,
      transactionRef: outcome.tx.transactionRef,
      stationId: ctx.stationId,
      evseId: outcome.tx.evseId,
      energyWh: outcome.tx.energyWh,
      meterStopWh: outcome.tx.meterStopWh,
      reason: outcome.tx.stopReason,
      endedAtMs: outcome.tx.endedAtMs ?? ctx.receivedAtMs,
      transaction: outcome.tx,
    });
  }
  if (req.idTag === undefined) return {};
  return { idTagInfo: idTagInfoOf(await auth.check(req.idTag, ctx.receivedAtMs)) };
}
