import type { Router } from 'express';
import { DateTime } from 'luxon';
import { BillingError } from '../billing-error.js';
import { principal } from './api-auth.js';
import type { BillingApiOptions } from './billing-router.js';
import type { CsvFilter } from './transactions-csv.js';
import { transactionsCsv } from './transactions-csv.js';

function timeQuery(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : undefined;
  if (t === undefined || !t.isValid) {
    throw new BillingError(
      'bad_request',
      `query parameter ${name} must be an ISO-8601 time such as 2025-01-01T00:00:00Z`,
    );
  }
  return t.toMillis();
}

/**
 * `GET /transactions.csv`: the accounting export, one row per transaction with energy, tariff,
 * amount and status; `?from=`, `?to=` (start time) and `?stationId=` narrow it. A user key gets
 * only that user's transactions.
 */
export function transactionsCsvRoute(router: Router, { store }: BillingApiOptions): void {
  router.get('/transactions.csv', async (req, res) => {
    const who = principal(res);
    const station = req.query['stationId'];
    if (station !== undefined && typeof station !== 'string') {
      throw new BillingError('bad_request', 'query parameter stationId must be given once');
    }
    const fromMs = timeQuery(req.query['from'], 'from');
    const toMs = timeQuery(req.query['to'], 'to');
    const filter: CsvFilter = {
      ...(who.role === 'admin' || who.userId === null ? {} : { userId: who.userId }),
      ...(station === undefined ? {} : { stationId: station }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
    };
    const lines = transactionsCsv(store, filter);
    // Read the first page before committing to a 200, so a failing query still gets a JSON error.
    const first = await lines.next();
    res.status(200).type('text/csv; charset=utf-8').attachment('transactions.csv');
    if (first.done !== true) res.write(first.value);
    for await (const line of lines) {
      if (!res.write(line)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
  });
}
