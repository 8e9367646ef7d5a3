import type { Queryable } from '../store/store.js';
import type { PriceLine } from './price-session.js';

/**
 * Billing state of an ended transaction. PENDING: priced, not yet attempted; CHARGED: paid from the
 * wallet (or nothing to pay); RETRYING: the balance was short, another attempt is scheduled;
 * MANUAL_REVIEW: given up or unbillable, a person has to look at it.
 */
export type ChargeStatus = 'PENDING' | 'CHARGED' | 'RETRYING' | 'MANUAL_REVIEW';

/** Transaction status billing sets: paid, waiting for a retry, or handed to a person. */
export type BilledTransactionStatus = 'COMPLETED' | 'BILLING_FAILED' | 'MANUAL_REVIEW';

/** The price and billing state of one ended transaction. */
export interface BillingCharge {
  readonly transactionId: number;
  readonly userId: number | null;
  readonly tariffId: string | null;
  readonly energyWh: number;
  readonly amountMinor: number;
  readonly currency: string | null;
  readonly lines: readonly PriceLine[];
  readonly status: ChargeStatus;
  readonly attempts: number;
  readonly firstFailedAtMs: number | null;
  readonly nextAttemptAtMs: number | null;
  readonly lastError: string | null;
}

/** The transaction status that goes with a charge status. */
export function transactionStatusFor(status: ChargeStatus): BilledTransactionStatus {
  switch (status) {
    case 'CHARGED':
      return 'COMPLETED';
    case 'MANUAL_REVIEW':
      return 'MANUAL_REVIEW';
    default:
      return 'BILLING_FAILED';
  }
}

interface ChargeRow {
  transaction_id: number;
  user_id: number | null;
  tariff_id: number | null;
  energy_wh: number;
  amount_minor: number;
  currency: string | null;
  price_lines: PriceLine[];
  status: ChargeStatus;
  attempts: number;
  first_failed_at: Date | null;
  next_attempt_at: Date | null;
  last_error: string | null;
}

const COLUMNS =
  'transaction_id, user_id, tariff_id, energy_wh, amount_minor, currency, price_lines, status, attempts, ' +
  'first_failed_at, next_attempt_at, last_error';

function toCharge(r: ChargeRow): BillingCharge {
  return {
    transactionId: r.transaction_id,
    userId: r.user_id,
    tariffId: r.tariff_id === null ? null : String(r.tariff_id),
    energyWh: r.energy_wh,
    amountMinor: r.amount_minor,
    currency: r.currency,
    lines: r.price_lines,
    status: r.status,
    attempts: r.attempts,
    firstFailedAtMs: r.first_failed_at?.getTime() ?? null,
    nextAttemptAtMs: r.next_attempt_at?.getTime() ?? null,
    lastError: r.last_error,
  };
}

/** The charge of a transaction; with `forUpdate` the row stays locked until `q`'s transaction ends. */
export async function findCharge(
  q: Queryable,
  transactionId: number,
  forUpdate = false,
): Promise<BillingCharge | undefined> {
  const { rows } = await q.query<ChargeRow>(
    `SELECT ${COLUMNS} FROM billing_charges WHERE transaction_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [transactionId],
  );
  return rows[0] === undefined ? undefined : toCharge(rows[0]);
}

/** A charge to record at the first settlement of a transaction. */
export interface NewCharge {
  transactionId: number;
  userId: number | null;
  tariffId: string | null;
  energyWh: number;
  amountMinor: number;
  currency: string | null;
  lines: readonly PriceLine[];
  status: 'PENDING' | 'MANUAL_REVIEW';
  lastError?: string;
}

/**
 * Records the charge unless one exists (the first pricing wins, so a repeated stop can never
 * change the price) and returns the stored one.
 */
export async function insertChargeOnce(q: Queryable, c: NewCharge, nowMs: number): Promise<BillingCharge> {
  const at = new Date(nowMs);
  await q.query(
    `INSERT INTO billing_charges (transaction_id, user_id, tariff_id, energy_wh, amount_minor, currency, price_lines,
                                  status, last_error, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $10) ON CONFLICT (transaction_id) DO NOTHING`,
    [
      c.transactionId,
      c.userId,
      c.tariffId === null ? null : Number(c.tariffId),
      c.energyWh,
      c.amountMinor,
      c.currency,
      JSON.stringify(c.lines),
      c.status,
      c.lastError ?? null,
      at,
    ],
  );
  const stored = await findCharge(q, c.transactionId);
  if (stored === undefined) throw new Error(`charge of transaction ${c.transactionId} vanished after insert`);
  return stored;
}

/** New billing state of a charge. */
export interface ChargeUpdate {
  status: ChargeStatus;
  attempts: number;
  firstFailedAtMs: number | null;
  nextAttemptAtMs: number | null;
  lastError: string | null;
}

/** Writes a charge's new state and the matching transaction status and amount. */
export async function updateCharge(
  tx: Queryable,
  charge: BillingCharge,
  u: ChargeUpdate,
  nowMs: number,
): Promise<BillingCharge> {
  const at = new Date(nowMs);
  await tx.query(
    `UPDATE billing_charges SET status = $2, attempts = $3, first_failed_at = $4, next_attempt_at = $5,
       last_error = $6, updated_at = $7, currency = $8 WHERE transaction_id = $1`,
    [
      charge.transactionId,
      u.status,
      u.attempts,
      u.firstFailedAtMs === null ? null : new Date(u.firstFailedAtMs),
      u.nextAttemptAtMs === null ? null : new Date(u.nextAttemptAtMs),
      u.lastError,
      at,
      charge.currency,
    ],
  );
  await tx.query(
    'UPDATE transactions SET status = $2, amount_minor = $3, currency = $4, updated_at = $5 WHERE id = $1',
    [charge.transactionId, transactionStatusFor(u.status), charge.amountMinor, charge.currency, at],
  );
  return { ...charge, ...u };
}

/** Charges waiting for a retry that is due at or before `nowMs`, earliest first. */
export async function dueRetries(q: Queryable, nowMs: number): Promise<number[]> {
  const { rows } = await q.query<{ transaction_id: number }>(
    `SELECT transaction_id FROM billing_charges WHERE status = 'RETRYING' AND next_attempt_at <= $1
     ORDER BY next_attempt_at, transaction_id`,
    [new Date(nowMs)],
  );
  return rows.map((r) => r.transaction_id);
}

/** Due time of the earliest scheduled retry, if any. */
export async function nextRetryAt(q: Queryable): Promise<number | undefined> {
  const { rows } = await q.query<{ at: Date | null }>(
    "SELECT MIN(next_attempt_at) AS at FROM billing_charges WHERE status = 'RETRYING'",
  );
  return rows[0]?.at?.getTime() ?? undefined;
}

/** Charges in one state (all when `status` is absent), oldest transaction first. */
export async function listCharges(
  q: Queryable,
  status?: ChargeStatus,
  limit = 500,
): Promise<BillingCharge[]> {
  const { rows } = await q.query<ChargeRow>(
    `SELECT ${COLUMNS} FROM billing_charges WHERE $1::text IS NULL OR status = $1 ORDER BY transaction_id LIMIT $2`,
    [status ?? null, limit],
  );
  return rows.map(toCharge);
}

/**
 * Reopens a charge flagged for manual review so that the next settlement prices it afresh (with
 * the transaction's current user, e.g. after its token was given to one) and starts a new retry
 * window. Only MANUAL_REVIEW charges qualify, and they never have a ledger line, so nothing paid
 * is touched.
 */
export async function reopenCharge(q: Queryable, transactionId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    "DELETE FROM billing_charges WHERE transaction_id = $1 AND status = 'MANUAL_REVIEW'",
    [transactionId],
  );
  return rowCount > 0;
}
