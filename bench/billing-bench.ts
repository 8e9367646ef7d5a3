import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Rng } from '../common/rng.js';
import { transactionsCsv } from '../csms/billing/api/transactions-csv.js';
import { createUser } from '../csms/billing/billing-users.js';
import { money } from '../csms/billing/money.js';
import { priceSession } from '../csms/billing/price-session.js';
import { settleTransaction } from '../csms/billing/settle-transaction.js';
import { tariffFromInput } from '../csms/billing/tariff.js';
import { createTariff } from '../csms/billing/tariff-store.js';
import { creditWallet, ledgerMismatches } from '../csms/billing/wallet-ledger.js';
import { migrate } from '../csms/store/migrations.js';
import { createPgStore } from '../csms/store/pg-store.js';
import { createPgliteStore } from '../csms/store/pglite-store.js';
import type { Store } from '../csms/store/store.js';

const T0 = Date.parse('2025-03-10T00:00:00+05:30');
const PRICINGS = 5_000;
const SAMPLES_PER_SESSION = 96;
const SETTLEMENTS = 600;
const USERS = 50;
const CONCURRENCY = 8;
const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const TOU = {
  pricePerKwh: '10.00',
  sessionFee: '1.00',
  timeZone: 'Asia/Kolkata',
  effectiveFrom: '2025-01-01T00:00:00Z',
  periods: [
    { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '15.00' },
    { name: 'night', start: '22:00', end: '06:00', pricePerKwh: '6.00' },
  ],
};

function pricingFigures(): void {
  const tariff = tariffFromInput('bench', TOU, T0);
  const rng = new Rng('billing-bench', 'pricing');
  const sessions = Array.from({ length: 64 }, () => {
    const start = T0 + rng.int(0, 24 * 60) * 60_000;
    let wh = rng.int(0, 1_000_000);
    const meterStartWh = wh;
    const samples = Array.from({ length: SAMPLES_PER_SESSION }, (_, i) => {
      wh += rng.int(0, 2_000);
      return { atMs: start + (i + 1) * 15 * 60_000, energyWh: wh };
    });
    return {
      startedAtMs: start,
      stoppedAtMs: start + 25 * 3_600_000,
      meterStartWh,
      meterStopWh: wh + 10,
      samples,
    };
  });
  const t0 = performance.now();
  for (let i = 0; i < PRICINGS; i++) priceSession(tariff, sessions[i % sessions.length]!);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `pricing: ${PRICINGS.toLocaleString('en-US')} day-long ToU sessions with ${SAMPLES_PER_SESSION} register samples each ` +
      `in ${s.toFixed(2)} s = ${Math.round(PRICINGS / s).toLocaleString('en-US')} sessions/s`,
  );
}

async function seed(store: Store): Promise<number[]> {
  await migrate(store);
  await createTariff(store, TOU, T0);
  const rng = new Rng('billing-bench', 'users');
  const users: number[] = [];
  for (let i = 0; i < USERS; i++) {
    const u = await createUser(store, { name: `bench-${i}`, token: `BENCH-${i}` }, rng, T0);
    await creditWallet(store, u.id, 'TOP_UP', money(rng.int(0, 200_000)), { nowMs: T0 });
    users.push(u.id);
  }
  await store.query(
    `INSERT INTO stations (id, ocpp_version, created_at, updated_at) VALUES ('BENCH-CP', '1.6', $1, $1)`,
    [new Date(T0)],
  );
  const { rows } = await store.query<{ id: number }>(
    `INSERT INTO transactions (station_id, ocpp_version, transaction_ref, evse_id, connector_id, id_tag, status,
        started_at, ended_at, meter_start_wh, meter_stop_wh, created_at, updated_at)
     SELECT 'BENCH-CP', '1.6', 'b-' || g, 1, 1, 'BENCH-' || (g % $2), 'COMPLETED',
            $1::timestamptz + g * interval '7 minutes', $1::timestamptz + g * interval '7 minutes' + interval '2 hours',
            g * 10, g * 10 + (g * 7919) % 20000, $1, $1
     FROM generate_series(1, $3) g RETURNING id`,
    [new Date(T0), USERS, SETTLEMENTS],
  );
  return rows.map((r) => r.id);
}

async function settlementFigures(label: string, store: Store): Promise<void> {
  const ids = await seed(store);
  const half = ids.length / 2;
  let t0 = performance.now();
  for (const id of ids.slice(0, half)) await settleTransaction(store, id, T0 + 86_400_000);
  const serial = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const rest = ids.slice(half);
  for (let i = 0; i < rest.length; i += CONCURRENCY) {
    // Each transaction settled twice at once: the duplicate is a no-op, as a repeated stop is.
    const batch = rest.slice(i, i + CONCURRENCY);
    await Promise.all(
      batch.flatMap((id) => [
        settleTransaction(store, id, T0 + 86_400_000),
        settleTransaction(store, id, T0 + 86_400_000),
      ]),
    );
  }
  const concurrent = (performance.now() - t0) / 1000;
  const mismatches = await ledgerMismatches(store);
  t0 = performance.now();
  let lines = 0;
  for await (const _line of transactionsCsv(store)) lines++;
  const csv = (performance.now() - t0) / 1000;
  console.log(
    `${label}: settle ${half} transactions one by one ${Math.round(half / serial)}/s; ` +
      `${rest.length} more, ${CONCURRENCY} at a time each with a duplicate, ${Math.round(rest.length / concurrent)}/s; ` +
      `CSV export ${lines - 1} rows ${Math.round((lines - 1) / csv).toLocaleString('en-US')} rows/s; ` +
      `ledger mismatches ${mismatches.length}`,
  );
}

/** Prints pricing and settlement throughput (PGlite, and PostgreSQL when it answers). */
export async function runBillingBench(): Promise<void> {
  pricingFigures();
  const lite = await createPgliteStore({ dataDir: ':memory:' });
  try {
    await settlementFigures('PGlite', lite);
  } finally {
    await lite.close();
  }
  const schema = `billing_bench_${process.pid}`;
  let store: Store;
  try {
    store = await createPgStore({ databaseUrl: DATABASE_URL, schema, maxConnections: CONCURRENCY });
  } catch (error) {
    console.log(`PostgreSQL: skipped (${(error as Error).message})`);
    return;
  }
  try {
    await settlementFigures('PostgreSQL', store);
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runBillingBench();
}
