import type { Queryable, Store } from '../store/store.js';
import { BillingError } from './billing-error.js';
import type { BillingCharge } from './billing-charge.js';
import { findCharge, transactionStatusFor, updateCharge } from './billing-charge.js';
import { formatMoney, money } from './money.js';
import { priceTransaction } from './price-transaction.js';
import { lockWallet, postEntry } from './wallet-ledger.js';

/** When a short balance is retried and when billing gives up. */
export interface RetryPolicy {
  /** Time between attempts. Default 30 min. */
  readonly retryIntervalMs: number;
  /** Attempts stop this long after the first failure; the charge goes to manual review. Default 24 h. */
  readonly retryWindowMs: number;
}

/** Retry every 30 minutes for up to 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryIntervalMs: 30 * 60_000,
  retryWindowMs: 24 * 3_600_000,
};

/**
 * Settles an ended transaction in ONE database transaction: prices it (once; a repeat reuses the
 * stored price), locks the charge and then the wallet (SELECT … FOR UPDATE, always in this order),
 * and either deducts the amount, writes the CHARGE_DEDUCT ledger line and sets the transaction
 * COMPLETED with its amount, or — when the balance is short and the user may not go negative —
 * sets it BILLING_FAILED and schedules the next attempt (MANUAL_REVIEW once the retry window is
 * over). A charge already CHARGED or in MANUAL_REVIEW is returned as it is, so a duplicate stop,
 * a retry racing a top-up or a restart can never charge twice; the unique (transaction_id, kind)
 * index on the ledger backs this up.
 */
export function settleTransaction(
  store: Store,
  transactionId: number,
  nowMs: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<BillingCharge> {
  return store.transaction((tx) => settleWithin(tx, transactionId, nowMs, policy));
}

/**
 * {@link settleTransaction} inside a database transaction the caller holds (the one that ends the
 * charging transaction, so that the end and its bill commit together).
 */
export async function settleWithin(
  tx: Queryable,
  transactionId: number,
  nowMs: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<BillingCharge> {
  // Lock order everywhere: transaction row, charge row, wallet row.
  const { rows } = await tx.query<{ ended_at: Date | null }>(
    'SELECT ended_at FROM transactions WHERE id = $1 FOR UPDATE',
    [transactionId],
  );
  if (rows[0] === undefined)
    throw new BillingError('not_found', `transaction ${transactionId} does not exist`);
  if (rows[0].ended_at === null) {
    throw new BillingError(
      'conflict',
      `transaction ${transactionId} is still running: bill it after it ends`,
    );
  }
  let charge = await findCharge(tx, transactionId, true);
  if (charge === undefined) {
    await priceTransaction(tx, transactionId, nowMs);
    charge = await findCharge(tx, transactionId, true);
    if (charge === undefined) throw new Error(`charge of transaction ${transactionId} is missing`);
  }
  return attempt(tx, charge, nowMs, policy);
}

async function attempt(
  tx: Queryable,
  charge: BillingCharge,
  nowMs: number,
  policy: RetryPolicy,
): Promise<BillingCharge> {
  if (charge.status === 'CHARGED' || charge.status === 'MANUAL_REVIEW') {
    await tx.query(
      `UPDATE transactions SET status = $2, amount_minor = $3, currency = $4, updated_at = $5
       WHERE id = $1 AND status IS DISTINCT FROM $2`,
      [
        charge.transactionId,
        transactionStatusFor(charge.status),
        charge.amountMinor,
        charge.currency,
        new Date(nowMs),
      ],
    );
    return charge;
  }
  const attempts = charge.attempts + 1;
  const review = (reason: string): Promise<BillingCharge> =>
    updateCharge(
      tx,
      charge,
      {
        status: 'MANUAL_REVIEW',
        attempts,
        firstFailedAtMs: charge.firstFailedAtMs,
        nextAttemptAtMs: null,
        lastError: reason,
      },
      nowMs,
    );
  if (charge.userId === null) return review('no user to bill');
  const wallet = await lockWallet(tx, charge.userId);
  if (wallet === undefined) return review(`user ${charge.userId} has no wallet`);
  const priced = { ...charge, currency: charge.currency ?? wallet.currency };
  if (priced.currency !== wallet.currency) {
    return review(
      `tariff is in ${priced.currency} but the wallet of user ${wallet.userId} is in ${wallet.currency}`,
    );
  }
  const done = { status: 'CHARGED' as const, attempts, nextAttemptAtMs: null, lastError: null };
  if (priced.amountMinor === 0) {
    return updateCharge(tx, priced, { ...done, firstFailedAtMs: charge.firstFailedAtMs }, nowMs);
  }
  if (wallet.balanceMinor < priced.amountMinor && !wallet.allowNegative) {
    const firstFailedAtMs = charge.firstFailedAtMs ?? nowMs;
    const next = nowMs + policy.retryIntervalMs;
    const shortBy = `balance ${formatMoney(money(wallet.balanceMinor, wallet.currency))} is short of ${formatMoney(
      money(priced.amountMinor, wallet.currency),
    )}`;
    if (next > firstFailedAtMs + policy.retryWindowMs) {
      return review(`${shortBy} after ${attempts} attempts over ${policy.retryWindowMs / 3_600_000} h`);
    }
    return updateCharge(
      tx,
      priced,
      { status: 'RETRYING', attempts, firstFailedAtMs, nextAttemptAtMs: next, lastError: shortBy },
      nowMs,
    );
  }
  await postEntry(tx, wallet, {
    kind: 'CHARGE_DEDUCT',
    amountMinor: -priced.amountMinor,
    transactionId: priced.transactionId,
    note: `transaction ${priced.transactionId}: ${priced.energyWh} Wh`,
    nowMs,
  });
  return updateCharge(tx, priced, { ...done, firstFailedAtMs: charge.firstFailedAtMs }, nowMs);
}
