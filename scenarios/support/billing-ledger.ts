import type { Store } from '../../csms/store/store.js';
import type { BillingRow } from '../../reports/run-report.js';

/** A billed (or not yet paid) session as the scenario checks it. */
export interface BilledSession {
  readonly transactionId: number;
  readonly stationId: string;
  readonly userName: string | undefined;
  readonly startedAtMs: number;
  readonly endedAtMs: number | undefined;
  readonly energyWh: number;
  readonly amountMinor: number;
  readonly currency: string;
  /** PENDING, CHARGED, RETRYING or MANUAL_REVIEW. */
  readonly status: string;
  readonly lastError: string | undefined;
}

interface Row {
  transaction_id: number;
  station_id: string;
  user_name: string | null;
  started_at: Date | string;
  ended_at: Date | string | null;
  energy_wh: number | string;
  amount_minor: number | string;
  currency: string | null;
  status: string;
  last_error: string | null;
}

const ms = (d: Date | string): number => (d instanceof Date ? d.getTime() : Date.parse(d));

/** Every billing charge of the CSMS's store, oldest transaction first. */
export async function billedSessions(store: Store): Promise<BilledSession[]> {
  const { rows } = await store.query<Row>(
    `SELECT c.transaction_id, t.station_id, u.name AS user_name, t.started_at, t.ended_at,
            c.energy_wh, c.amount_minor, c.currency, c.status, c.last_error
       FROM billing_charges c
       JOIN transactions t ON t.id = c.transaction_id
       LEFT JOIN users u ON u.id = c.user_id
      ORDER BY c.transaction_id`,
  );
  return rows.map((r) => ({
    transactionId: Number(r.transaction_id),
    stationId: r.station_id,
    userName: r.user_name ?? undefined,
    startedAtMs: ms(r.started_at),
    endedAtMs: r.ended_at === null ? undefined : ms(r.ended_at),
    energyWh: Number(r.energy_wh),
    amountMinor: Number(r.amount_minor),
    currency: r.currency ?? 'INR',
    status: r.status,
    lastError: r.last_error ?? undefined,
  }));
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  CHARGED: 'billed',
  PENDING: 'priced, not yet charged',
  RETRYING: 'refused: insufficient balance, retrying',
  MANUAL_REVIEW: 'manual review',
};

/** A billed session as a row of the report's billing table. */
export function billingRow(
  s: BilledSession,
  walletAfter?: { minorUnits: number; currency: string },
): BillingRow {
  return {
    sessionId: String(s.transactionId),
    chargerId: s.stationId,
    ...(s.userName === undefined ? {} : { user: s.userName }),
    startedAtMs: s.startedAtMs,
    ...(s.endedAtMs === undefined ? {} : { endedAtMs: s.endedAtMs }),
    energyWh: s.energyWh,
    amount: { minorUnits: s.amountMinor, currency: s.currency },
    status: STATUS_WORDS[s.status] ?? s.status.toLowerCase(),
    ...(walletAfter === undefined ? {} : { walletAfter }),
  };
}
