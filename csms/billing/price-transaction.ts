import { MeterStore } from '../meter/meter-store.js';
import type { Queryable } from '../store/store.js';
import { BillingError } from './billing-error.js';
import type { BillingCharge, NewCharge } from './billing-charge.js';
import { insertChargeOnce } from './billing-charge.js';
import type { MeterPoint, SessionUsage } from './price-session.js';
import { PricingError, priceSession } from './price-session.js';
import { applicableTariff } from './tariff.js';
import { tariffsInForce } from './tariff-store.js';

interface TransactionRow {
  id: number;
  station_id: string;
  user_id: number | null;
  id_tag: string | null;
  started_at: Date;
  ended_at: Date | null;
  meter_start_wh: number | null;
  meter_stop_wh: number | null;
}

/** What pricing needs to know about an ended transaction. */
export interface EndedTransaction {
  readonly transactionId: number;
  readonly stationId: string;
  /** The user billed: the transaction's user, else the owner of its idTag. */
  readonly userId: number | null;
  readonly idTag: string | null;
  readonly usage: SessionUsage;
}

/**
 * Energy register readings of a transaction (Wh) in time order: one per MeterValue that has one
 * (whole station, at the outlet: no per-phase ones).
 */
export async function energySamples(q: Queryable, transactionId: number): Promise<MeterPoint[]> {
  const { atMs, wh } = await MeterStore.registerReadings(q, transactionId);
  return atMs.map((at, i) => ({ atMs: at, energyWh: wh[i]! }));
}

/**
 * Loads an ended transaction for pricing and locks its row (locks are always taken in the order
 * transaction, charge, wallet, the order the transaction service's end follows too). Register values are rounded to whole Wh. Where the
 * station sent no start or stop reading (2.0.1 has no meterStart/meterStop), the first and last
 * register samples stand in for them.
 */
export async function loadEndedTransaction(q: Queryable, transactionId: number): Promise<EndedTransaction> {
  const { rows } = await q.query<TransactionRow>(
    `SELECT id, station_id, user_id, id_tag, started_at, ended_at, meter_start_wh, meter_stop_wh
     FROM transactions WHERE id = $1 FOR UPDATE`,
    [transactionId],
  );
  const t = rows[0];
  if (t === undefined) throw new BillingError('not_found', `transaction ${transactionId} does not exist`);
  if (t.ended_at === null) {
    throw new BillingError(
      'conflict',
      `transaction ${transactionId} is still running: bill it after it ends`,
    );
  }
  let userId = t.user_id;
  if (userId === null && t.id_tag !== null) {
    const owner = await q.query<{ user_id: number | null }>(
      'SELECT user_id FROM id_tokens WHERE token = $1',
      [t.id_tag],
    );
    userId = owner.rows[0]?.user_id ?? null;
  }
  const samples = (await energySamples(q, transactionId)).map((s) => ({
    ...s,
    energyWh: Math.round(s.energyWh),
  }));
  const meterStartWh = Math.round(t.meter_start_wh ?? samples[0]?.energyWh ?? 0);
  const meterStopWh = Math.round(t.meter_stop_wh ?? samples[samples.length - 1]?.energyWh ?? meterStartWh);
  return {
    transactionId,
    stationId: t.station_id,
    userId,
    idTag: t.id_tag,
    usage: {
      startedAtMs: t.started_at.getTime(),
      stoppedAtMs: t.ended_at.getTime(),
      meterStartWh,
      meterStopWh,
      samples,
    },
  };
}

/**
 * Prices an ended transaction and records the charge, once: if the transaction was priced before,
 * the stored charge is returned unchanged. A transaction that cannot be billed (no user to bill,
 * readings that went backwards) is recorded for manual review; one with no tariff in force costs 0.
 */
export async function priceTransaction(
  q: Queryable,
  transactionId: number,
  nowMs: number,
): Promise<BillingCharge> {
  const t = await loadEndedTransaction(q, transactionId);
  const base = { transactionId, userId: t.userId, lines: [] };
  let charge: NewCharge;
  const tariff = applicableTariff(
    await tariffsInForce(q, t.stationId, t.usage.startedAtMs),
    t.stationId,
    t.usage.startedAtMs,
  );
  const energyWh = t.usage.meterStopWh - t.usage.meterStartWh;
  if (t.userId === null) {
    charge = {
      ...base,
      tariffId: tariff?.id ?? null,
      energyWh,
      amountMinor: 0,
      currency: tariff?.currency ?? null,
      status: 'MANUAL_REVIEW',
      lastError: `no user to bill: idTag ${t.idTag === null ? '(none)' : `"${t.idTag}"`} belongs to no user`,
    };
  } else if (tariff === undefined) {
    charge = { ...base, tariffId: null, energyWh, amountMinor: 0, currency: null, status: 'PENDING' };
  } else {
    try {
      const priced = priceSession(tariff, t.usage);
      charge = {
        ...base,
        tariffId: tariff.id,
        energyWh: priced.energyWh,
        amountMinor: priced.amountMinor,
        currency: priced.currency,
        lines: priced.lines,
        status: 'PENDING',
      };
    } catch (error) {
      if (!(error instanceof PricingError)) throw error;
      charge = {
        ...base,
        tariffId: tariff.id,
        energyWh,
        amountMinor: 0,
        currency: tariff.currency,
        status: 'MANUAL_REVIEW',
        lastError: error.message,
      };
    }
  }
  return insertChargeOnce(q, charge, nowMs);
}
