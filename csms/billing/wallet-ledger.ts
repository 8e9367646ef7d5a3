import type { Queryable, Store } from '../store/store.js';
import { BillingError } from './billing-error.js';
import type { CurrencyCode, Money } from './money.js';
import { DEFAULT_CURRENCY, currencyCode, formatMoney, money } from './money.js';

/** Kinds of ledger entry. */
export type LedgerKind = 'TOP_UP' | 'CHARGE_DEDUCT' | 'ADJUSTMENT';

/** A user's wallet: one per user, in one currency. */
export interface Wallet {
  readonly userId: number;
  readonly currency: CurrencyCode;
  readonly balanceMinor: number;
  /** The user's setting: may a charge take the balance below zero? */
  readonly allowNegative: boolean;
}

/** One line of the append-only ledger; the sum of a user's lines equals the wallet balance. */
export interface LedgerEntry {
  readonly id: number;
  readonly userId: number;
  readonly kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  readonly balanceAfterMinor: number;
  readonly transactionId: number | null;
  readonly reference: string | null;
  readonly note: string | null;
  readonly createdAtMs: number;
}

interface WalletRow {
  user_id: number;
  currency: string;
  balance_minor: number;
  allow_negative: boolean;
}

interface EntryRow {
  id: number;
  user_id: number;
  kind: LedgerKind;
  amount_minor: number;
  currency: string;
  balance_after_minor: number;
  transaction_id: number | null;
  reference: string | null;
  note: string | null;
  created_at: Date;
}

const WALLET_COLUMNS = 'user_id, currency, balance_minor, allow_negative';
const ENTRY_COLUMNS =
  'id, user_id, kind, amount_minor, currency, balance_after_minor, transaction_id, reference, note, created_at';

function toWallet(r: WalletRow): Wallet {
  return {
    userId: r.user_id,
    currency: r.currency,
    balanceMinor: r.balance_minor,
    allowNegative: r.allow_negative,
  };
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    amountMinor: r.amount_minor,
    currency: r.currency,
    balanceAfterMinor: r.balance_after_minor,
    transactionId: r.transaction_id,
    reference: r.reference,
    note: r.note,
    createdAtMs: r.created_at.getTime(),
  };
}

/** Settings of a wallet being opened. */
export interface OpenWalletOptions {
  currency?: CurrencyCode;
  allowNegative?: boolean;
  nowMs: number;
}

/** Opens the user's wallet (balance 0) unless it exists; returns the wallet either way. */
export async function openWallet(q: Queryable, userId: number, options: OpenWalletOptions): Promise<Wallet> {
  const at = new Date(options.nowMs);
  await q.query(
    `INSERT INTO wallets (user_id, currency, balance_minor, allow_negative, created_at, updated_at)
     VALUES ($1, $2, 0, $3, $4, $4) ON CONFLICT (user_id) DO NOTHING`,
    [userId, currencyCode(options.currency ?? DEFAULT_CURRENCY), options.allowNegative ?? false, at],
  );
  const wallet = await findWallet(q, userId);
  if (wallet === undefined) throw new BillingError('not_found', `user ${userId} does not exist`);
  return wallet;
}

/** The wallet of a user, or undefined when the user has none. */
export async function findWallet(q: Queryable, userId: number): Promise<Wallet | undefined> {
  const { rows } = await q.query<WalletRow>(`SELECT ${WALLET_COLUMNS} FROM wallets WHERE user_id = $1`, [
    userId,
  ]);
  return rows[0] === undefined ? undefined : toWallet(rows[0]);
}

/** Locks the wallet row until the end of the database transaction `tx` (SELECT … FOR UPDATE). */
export async function lockWallet(tx: Queryable, userId: number): Promise<Wallet | undefined> {
  const { rows } = await tx.query<WalletRow>(
    `SELECT ${WALLET_COLUMNS} FROM wallets WHERE user_id = $1 FOR UPDATE`,
    [userId],
  );
  return rows[0] === undefined ? undefined : toWallet(rows[0]);
}

/** A new ledger line for a wallet locked by the caller. */
export interface EntryInput {
  kind: LedgerKind;
  amountMinor: number;
  transactionId?: number;
  reference?: string;
  note?: string;
  nowMs: number;
}

/**
 * Moves the balance of a wallet the caller has locked in `tx` and appends the matching ledger line,
 * so that balance and ledger can never disagree.
 */
export async function postEntry(tx: Queryable, wallet: Wallet, input: EntryInput): Promise<LedgerEntry> {
  const after = wallet.balanceMinor + input.amountMinor;
  if (!Number.isSafeInteger(after)) throw new BillingError('bad_request', 'amount is too large');
  const at = new Date(input.nowMs);
  await tx.query('UPDATE wallets SET balance_minor = $2, updated_at = $3 WHERE user_id = $1', [
    wallet.userId,
    after,
    at,
  ]);
  const { rows } = await tx.query<EntryRow>(
    `INSERT INTO ledger_entries
       (user_id, kind, amount_minor, currency, balance_after_minor, transaction_id, reference, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ENTRY_COLUMNS}`,
    [
      wallet.userId,
      input.kind,
      input.amountMinor,
      wallet.currency,
      after,
      input.transactionId ?? null,
      input.reference ?? null,
      input.note ?? null,
      at,
    ],
  );
  return toEntry(rows[0]!);
}

/** Outcome of a top-up or adjustment. */
export interface CreditResult {
  readonly entry: LedgerEntry;
  readonly wallet: Wallet;
  /** True when `reference` had been used before: the earlier entry is returned, nothing is added. */
  readonly duplicate: boolean;
}

/** Options of a top-up or adjustment. */
export interface CreditOptions {
  /** Idempotency key: a second request with the same key returns the first entry. */
  reference?: string;
  note?: string;
  nowMs: number;
}

/**
 * Credits (`TOP_UP`, amount > 0) or corrects (`ADJUSTMENT`, either sign) a wallet in one database
 * transaction. An adjustment may not take the balance below zero unless the user allows it.
 */
export async function creditWallet(
  store: Store,
  userId: number,
  kind: 'TOP_UP' | 'ADJUSTMENT',
  amount: Money,
  options: CreditOptions,
): Promise<CreditResult> {
  if (kind === 'TOP_UP' && amount.amountMinor <= 0) {
    throw new BillingError('bad_request', `amount of a top-up must be positive, got ${formatMoney(amount)}`);
  }
  if (amount.amountMinor === 0)
    throw new BillingError('bad_request', 'amount of an adjustment must not be 0');
  return store.transaction(async (tx) => {
    const wallet = await lockWallet(tx, userId);
    if (wallet === undefined) throw new BillingError('not_found', `user ${userId} has no wallet`);
    if (options.reference !== undefined) {
      const { rows } = await tx.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE user_id = $1 AND reference = $2`,
        [userId, options.reference],
      );
      if (rows[0] !== undefined) {
        const entry = toEntry(rows[0]);
        if (entry.kind !== kind || entry.amountMinor !== amount.amountMinor) {
          throw new BillingError(
            'conflict',
            `idempotency key "${options.reference}" was already used for ${entry.kind} of ` +
              `${formatMoney(money(entry.amountMinor, entry.currency))}: use a new key for a different request`,
          );
        }
        return { entry, wallet, duplicate: true };
      }
    }
    if (amount.currency !== wallet.currency) {
      throw new BillingError(
        'bad_request',
        `wallet of user ${userId} is in ${wallet.currency}; send the amount in ${wallet.currency}, not ${amount.currency}`,
      );
    }
    if (kind === 'ADJUSTMENT' && wallet.balanceMinor + amount.amountMinor < 0 && !wallet.allowNegative) {
      throw new BillingError(
        'conflict',
        `adjustment would take the balance of user ${userId} below zero, which the user's setting does not allow`,
      );
    }
    const entry = await postEntry(tx, wallet, {
      kind,
      amountMinor: amount.amountMinor,
      nowMs: options.nowMs,
      ...(options.reference === undefined ? {} : { reference: options.reference }),
      ...(options.note === undefined ? {} : { note: options.note }),
    });
    return { entry, wallet: { ...wallet, balanceMinor: entry.balanceAfterMinor }, duplicate: false };
  });
}

/** Changes whether the user may go below zero; refused while the balance is negative. */
export async function setAllowNegative(
  store: Store,
  userId: number,
  allow: boolean,
  nowMs: number,
): Promise<Wallet> {
  return store.transaction(async (tx) => {
    const wallet = await lockWallet(tx, userId);
    if (wallet === undefined) throw new BillingError('not_found', `user ${userId} has no wallet`);
    if (!allow && wallet.balanceMinor < 0) {
      throw new BillingError(
        'conflict',
        `balance of user ${userId} is negative: top it up before disallowing it`,
      );
    }
    await tx.query('UPDATE wallets SET allow_negative = $2, updated_at = $3 WHERE user_id = $1', [
      userId,
      allow,
      new Date(nowMs),
    ]);
    return { ...wallet, allowNegative: allow };
  });
}

/** Ledger lines of a user, newest first. */
export async function ledgerHistory(
  q: Queryable,
  userId: number,
  options: { limit?: number; beforeId?: number } = {},
): Promise<LedgerEntry[]> {
  const { rows } = await q.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE user_id = $1 AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [userId, options.beforeId ?? null, options.limit ?? 100],
  );
  return rows.map(toEntry);
}

/** Wallets whose balance differs from the sum of their ledger lines (empty when all is well). */
export async function ledgerMismatches(
  q: Queryable,
): Promise<{ userId: number; balanceMinor: number; ledgerSumMinor: number }[]> {
  const { rows } = await q.query<{ user_id: number; balance_minor: number; ledger_sum: number }>(
    `SELECT w.user_id, w.balance_minor, COALESCE(SUM(e.amount_minor), 0)::int8 AS ledger_sum
     FROM wallets w LEFT JOIN ledger_entries e ON e.user_id = w.user_id
     GROUP BY w.user_id, w.balance_minor
     HAVING w.balance_minor <> COALESCE(SUM(e.amount_minor), 0)
     ORDER BY w.user_id`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    balanceMinor: r.balance_minor,
    ledgerSumMinor: r.ledger_sum,
  }));
}
