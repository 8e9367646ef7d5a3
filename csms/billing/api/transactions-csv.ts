import type { Queryable } from '../../store/store.js';
import { formatDecimal, minorDigits } from '../money.js';

/** Columns of the accounting export, in order. */
export const CSV_COLUMNS = [
  'transaction_id',
  'station_id',
  'ocpp_version',
  'user_id',
  'id_tag',
  'started_at',
  'ended_at',
  'energy_wh',
  'tariff_id',
  'price_per_kwh',
  'session_fee',
  'amount',
  'currency',
  'status',
  'billing_status',
  'billing_attempts',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (starting with = + - @) is prefixed with a quote mark.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Which transactions an export holds. */
export interface CsvFilter {
  /** Only this user's transactions (theirs by user id or by one of their tokens). */
  readonly userId?: number;
  readonly stationId?: string;
  /** Started at or after, epoch ms. */
  readonly fromMs?: number;
  /** Started before, epoch ms. */
  readonly toMs?: number;
}

interface CsvRow {
  id: number;
  station_id: string;
  ocpp_version: string;
  user_id: number | null;
  id_tag: string | null;
  started_at: Date;
  ended_at: Date | null;
  energy_wh: number | null;
  tariff_id: number | null;
  price_per_kwh_minor: number | null;
  session_fee_minor: number | null;
  amount_minor: number | null;
  currency: string | null;
  status: string;
  billing_status: string | null;
  attempts: number | null;
}

const money = (minor: number | null, currency: string | null): string | null =>
  minor === null ? null : formatDecimal(minor, minorDigits(currency ?? 'INR'));

/**
 * The export, line by line (header first), read in pages of `pageSize` transactions by id so that
 * a large export never sits in memory whole.
 */
export async function* transactionsCsv(
  q: Queryable,
  filter: CsvFilter = {},
  pageSize = 500,
): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  let after = 0;
  for (;;) {
    const { rows } = await q.query<CsvRow>(
      `SELECT t.id, t.station_id, t.ocpp_version, COALESCE(c.user_id, t.user_id) AS user_id, t.id_tag, t.started_at,
              t.ended_at, COALESCE(c.energy_wh, ROUND(t.energy_wh)::int8) AS energy_wh, c.tariff_id,
              tr.price_per_kwh_minor, tr.session_fee_minor, COALESCE(c.amount_minor, t.amount_minor) AS amount_minor,
              COALESCE(c.currency, t.currency, tr.currency) AS currency, t.status, c.status AS billing_status, c.attempts
       FROM transactions t
       LEFT JOIN billing_charges c ON c.transaction_id = t.id
       LEFT JOIN tariffs tr ON tr.id = c.tariff_id
       WHERE t.id > $1
         AND ($2::integer IS NULL OR t.user_id = $2 OR c.user_id = $2
              OR t.id_tag IN (SELECT token FROM id_tokens WHERE user_id = $2))
         AND ($3::text IS NULL OR t.station_id = $3)
         AND ($4::timestamptz IS NULL OR t.started_at >= $4)
         AND ($5::timestamptz IS NULL OR t.started_at < $5)
       ORDER BY t.id LIMIT $6`,
      [
        after,
        filter.userId ?? null,
        filter.stationId ?? null,
        filter.fromMs === undefined ? null : new Date(filter.fromMs),
        filter.toMs === undefined ? null : new Date(filter.toMs),
        pageSize,
      ],
    );
    for (const r of rows) {
      yield csvLine([
        r.id,
        r.station_id,
        r.ocpp_version,
        r.user_id,
        r.id_tag,
        r.started_at.toISOString(),
        r.ended_at?.toISOString() ?? null,
        r.energy_wh,
        r.tariff_id,
        money(r.price_per_kwh_minor, r.currency),
        money(r.session_fee_minor, r.currency),
        money(r.amount_minor, r.currency),
        r.currency,
        r.status,
        r.billing_status,
        r.attempts,
      ]);
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
