import { Router } from 'express';
import type { TransactionRecord } from '../transactions/transaction-record.js';
import type { ApiDeps } from './api-deps.js';
import { iso } from './api-deps.js';
import { HttpError } from './http-error.js';
import { idParam, intParam, stringParam, timeParam } from './query-params.js';

/** The API's view of a transaction. */
export function transactionView(t: TransactionRecord): Record<string, unknown> {
  return {
    id: t.id,
    transactionRef: t.transactionRef,
    stationId: t.stationId,
    ocppVersion: t.version,
    evseId: t.evseId,
    connectorId: t.connectorId,
    idTag: t.idTag,
    userId: t.userId,
    status: t.status,
    startedAt: iso(t.startedAtMs),
    endedAt: iso(t.endedAtMs),
    meterStartWh: t.meterStartWh,
    meterStopWh: t.meterStopWh,
    energyWh: t.energyWh,
    stopReason: t.stopReason,
    amountMinor: t.amountMinor,
    currency: t.currency,
  };
}

/** GET /transactions?stationId=&status=&from=&to=&limit=, GET /transactions/:id (with meter values). */
export function transactionsRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/transactions', async (req, res) => {
    const stationId = stringParam(req, 'stationId');
    const status = stringParam(req, 'status');
    const fromMs = timeParam(req, 'from');
    const toMs = timeParam(req, 'to');
    const limit = intParam(req, 'limit', 1, 10_000);
    const list = await deps.transactions.list({
      ...(stationId === undefined ? {} : { stationId }),
      ...(status === undefined ? {} : { status }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json({ transactions: list.map(transactionView) });
  });

  router.get('/transactions/:id', async (req, res) => {
    const id = idParam(req.params.id, 'transaction id');
    const tx = await deps.transactions.get(id);
    if (tx === undefined) throw new HttpError(404, 'unknown_transaction', `no transaction ${id}`);
    await deps.meter.flush();
    const samples = await deps.meter.forTransaction(id);
    res.json({
      ...transactionView(tx),
      meterValues: samples.map((s) => ({
        timestamp: iso(s.timeMs),
        evseId: s.evseId,
        connectorId: s.connectorId,
        measurand: s.measurand,
        phase: s.phase ?? null,
        location: s.location ?? null,
        context: s.context ?? null,
        unit: s.unit,
        value: s.value,
        rawValue: s.rawValue,
        rawUnit: s.rawUnit ?? null,
      })),
    });
  });

  return router;
}
