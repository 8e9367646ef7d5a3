import type { TransactionEventRequest, TransactionEventResponse } from '../../../schemas/types/ocpp201.js';
import type { IdTokenDecision } from '../../auth/authorization-service.js';
import { majorUnits } from '../../billing/money.js';
import { normaliseV201MeterValues } from '../../meter/normalise-v201.js';
import type { TransactionRecord } from '../../transactions/transaction-record.js';
import type { HandlerContext } from '../handler-context.js';
import { timeOf } from '../handler-context.js';
import { recordReadings } from '../v16/meter-values.js';
import { checkIdToken, idTokenInfoOf } from './id-token-info.js';

/**
 * 2.0.1 TransactionEvent. Started creates the transaction under the station's transactionId;
 * Updated records progress; Ended completes it with the energy from the import register. An event
 * for a transaction never seen (its Started lost) creates it first; an event already seen (same
 * or older seqNo, or after the end) is acknowledged and changes nothing.
 */
export async function transactionEvent(
  req: TransactionEventRequest,
  ctx: HandlerContext,
): Promise<TransactionEventResponse> {
  const { transactions, events } = ctx.services;
  const ref = req.transactionInfo.transactionId;
  const atMs = timeOf(req.timestamp, ctx.receivedAtMs);
  const decision: IdTokenDecision | undefined =
    req.idToken === undefined ? undefined : await checkIdToken(req.idToken, ctx);
  const idTag = req.idToken?.type === 'NoAuthorization' ? null : (req.idToken?.idToken ?? null);

  let tx = await transactions.findForEvent(ctx.stationId, ref);
  let seen =
    tx !== undefined && (tx.status !== 'RUNNING' || (tx.lastSeqNo !== null && req.seqNo <= tx.lastSeqNo));
  if (tx === undefined) {
    const started = await transactions.start({
      stationId: ctx.stationId,
      version: '2.0.1',
      transactionRef: ref,
      evseId: req.evse?.id ?? 0,
      connectorId: req.evse?.connectorId ?? (req.evse === undefined ? 0 : 1),
      idTag,
      ...(req.idToken === undefined ? {} : { idTokenType: req.idToken.type }),
      ...(decision?.userId === undefined ? {} : { userId: decision.userId }),
      meterStartWh: null,
      startedAtMs: atMs,
      ...(req.reservationId === undefined ? {} : { reservationId: req.reservationId }),
      seqNo: req.seqNo,
      trigger: req.triggerReason,
      ...(req.transactionInfo.chargingState === undefined
        ? {}
        : { chargingState: req.transactionInfo.chargingState }),
    });
    tx = started.tx;
    if (started.created) emitStarted(ctx, tx);
  } else if (!seen && req.eventType !== 'Ended') {
    const updated = await transactions.update({
      stationId: ctx.stationId,
      transactionRef: ref,
      seqNo: req.seqNo,
      trigger: req.triggerReason,
      ...(req.transactionInfo.chargingState === undefined
        ? {}
        : { chargingState: req.transactionInfo.chargingState }),
      ...(idTag === null ? {} : { idTag }),
      ...(req.idToken === undefined ? {} : { idTokenType: req.idToken.type }),
      ...(decision?.userId === undefined ? {} : { userId: decision.userId }),
      ...(req.evse === undefined ? {} : { evseId: req.evse.id, connectorId: req.evse.connectorId ?? 1 }),
    });
    if (updated !== undefined) {
      tx = updated.tx;
      // The database already had this event (or the transaction had ended): nothing new to record.
      seen = !updated.changed;
    }
  }

  if (!seen && req.meterValue !== undefined) {
    recordReadings(
      ctx.services,
      { stationId: ctx.stationId, evseId: tx.evseId, connectorId: tx.connectorId, transactionId: tx.id },
      normaliseV201MeterValues(req.meterValue),
    );
  }

  let ended: TransactionRecord | undefined = req.eventType === 'Ended' && seen ? tx : undefined;
  if (req.eventType === 'Ended' && !seen) {
    const outcome = await transactions.end({
      stationId: ctx.stationId,
      transactionRef: ref,
      meterStopWh: null,
      endedAtMs: atMs,
      reason: req.transactionInfo.stoppedReason ?? 'Local',
      seqNo: req.seqNo,
      trigger: req.triggerReason,
    });
    if (outcome.kind !== 'unknown') ended = outcome.tx;
    if (outcome.kind === 'ended') {
      events.emit('transaction.ended', {
        transactionId: outcome.tx.id,
        transactionRef: outcome.tx.transactionRef,
        stationId: ctx.stationId,
        evseId: outcome.tx.evseId,
        energyWh: outcome.tx.energyWh,
        meterStopWh: outcome.tx.meterStopWh,
        reason: outcome.tx.stopReason,
        endedAtMs: outcome.tx.endedAtMs ?? atMs,
        transaction: outcome.tx,
      });
    }
  }
  // The cost billing set at the end (absent when nothing priced the transaction).
  const totalCost =
    ended?.amountMinor == null || ended.currency === null
      ? undefined
      : majorUnits(ended.amountMinor, ended.currency);
  return {
    ...(decision === undefined ? {} : { idTokenInfo: idTokenInfoOf(decision) }),
    ...(totalCost === undefined ? {} : { totalCost }),
  };
}

function emitStarted(ctx: HandlerContext, tx: TransactionRecord): void {
  ctx.services.events.emit('transaction.started', {
    transactionId: tx.id,
    transactionRef: tx.transactionRef,
    stationId: ctx.stationId,
    version: '2.0.1',
    evseId: tx.evseId,
    connectorId: tx.connectorId,
    idTag: tx.idTag,
    meterStartWh: tx.meterStartWh,
    startedAtMs: tx.startedAtMs,
  });
}
