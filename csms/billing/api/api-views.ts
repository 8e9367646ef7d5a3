import type { BillingUser } from '../billing-users.js';
import { formatDecimal, minorDigits } from '../money.js';
import type { Tariff } from '../tariff.js';
import type { LedgerEntry, Wallet } from '../wallet-ledger.js';

const amount = (minor: number, currency: string): string => formatDecimal(minor, minorDigits(currency));

/** A wallet as the API shows it: decimal text and minor units side by side. */
export function walletView(w: Wallet): Record<string, unknown> {
  return {
    userId: w.userId,
    currency: w.currency,
    balance: amount(w.balanceMinor, w.currency),
    balanceMinor: w.balanceMinor,
    allowNegativeBalance: w.allowNegative,
  };
}

/** A user as the API shows it. */
export function userView(u: BillingUser): Record<string, unknown> {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    status: u.status,
    token: u.token,
    wallet: u.wallet === null ? null : walletView(u.wallet),
  };
}

/** A ledger line as the API shows it. */
export function entryView(e: LedgerEntry): Record<string, unknown> {
  return {
    id: e.id,
    kind: e.kind,
    amount: amount(e.amountMinor, e.currency),
    amountMinor: e.amountMinor,
    currency: e.currency,
    balanceAfter: amount(e.balanceAfterMinor, e.currency),
    balanceAfterMinor: e.balanceAfterMinor,
    transactionId: e.transactionId,
    reference: e.reference,
    note: e.note,
    createdAt: new Date(e.createdAtMs).toISOString(),
  };
}

/** A tariff as the API shows it (prices as decimal text, as they are sent). */
export function tariffView(t: Tariff): Record<string, unknown> {
  return {
    id: Number(t.id),
    stationId: t.stationId,
    currency: t.currency,
    pricePerKwh: amount(t.pricePerKwhMinor, t.currency),
    sessionFee: amount(t.sessionFeeMinor, t.currency),
    timeZone: t.timeZone,
    periods: t.periods.map((p) => ({
      name: p.name,
      start: p.startLocal,
      end: p.endLocal,
      pricePerKwh: amount(p.pricePerKwhMinor, t.currency),
      ...(p.daysOfWeek === undefined ? {} : { daysOfWeek: p.daysOfWeek }),
    })),
    effectiveFrom: new Date(t.effectiveFromMs).toISOString(),
  };
}
