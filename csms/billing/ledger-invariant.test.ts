import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { MeterStore } from '../meter/meter-store.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { TransactionService } from '../transactions/transaction-service.js';
import { Billing } from './billing-service.js';
import type { BillingUser } from './billing-users.js';
import { money } from './money.js';
import { aStation, aTariff, aUser, at } from './test-support/billing-builders.js';
import { creditWallet, ledgerMismatches } from './wallet-ledger.js';

const drivers = await testDrivers();
const MIN = 60_000;

describe.each(drivers)('ledger invariant after a randomised run on %s', (driver) => {
  let t: TestStore;
  let clock: VirtualClock;
  let billing: Billing;
  let transactions: TransactionService;
  const errors: unknown[] = [];

  function boot(): void {
    billing = new Billing({ store: t.store, clock, tracker: clock.tracker });
    billing.events.on('error', (e) => errors.push(e.error));
    transactions = new TransactionService({
      store: t.store,
      meter: new MeterStore({ store: t.store, clock }),
    });
    transactions.addEndHook(billing.endHook());
  }

  beforeAll(async () => {
    clock = new VirtualClock({ startMs: at('2025-03-10T00:00:00Z') });
    t = await openTestStore(driver, { tracker: clock.tracker });
    await aTariff(t.store, { pricePerKwh: '10.00', sessionFee: '1.00' });
    await aTariff(t.store, {
      stationId: 'CP-B',
      pricePerKwh: '12.35',
      periods: [{ name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '17.45' }],
    });
    boot();
    await billing.start();
  });
  afterAll(async () => {
    await billing.stop();
    await t.dispose();
  });

  it('never charges twice and keeps every balance equal to its ledger (duplicates, races, restarts)', async () => {
    const rng = new Rng('ledger-invariant', driver);
    const users: BillingUser[] = [];
    for (let i = 0; i < 6; i++) {
      users.push(
        await aUser(
          t.store,
          {
            name: `u${i}`,
            token: `INV-${i}`,
            balanceMinor: rng.int(0, 5_000),
            allowNegativeBalance: rng.chance(0.2),
          },
          clock.now(),
        ),
      );
    }
    for (const s of ['CP-A', 'CP-B']) await aStation(t.store, s);
    const ended: number[] = [];
    let topUpKey = 0;
    let restarts = 0;
    let duplicates = 0;
    for (let step = 0; step < 36; step++) {
      const op = rng.weighted([
        { item: 'session', weight: 5 },
        { item: 'topUp', weight: 3 },
        { item: 'advance', weight: 3 },
        { item: 'restart', weight: 1 },
        { item: 'race', weight: 2 },
      ] as const);
      if (op === 'session') {
        const user = rng.pick(users);
        const stationId = rng.pick(['CP-A', 'CP-B']);
        const meterStartWh = rng.int(0, 100_000);
        const { tx } = await transactions.start({
          stationId,
          version: '1.6',
          evseId: rng.int(1, 1_000_000),
          connectorId: 1,
          idTag: user.token,
          meterStartWh,
          startedAtMs: clock.now(),
        });
        await clock.advanceBy(rng.int(5, 120) * MIN);
        const stop = {
          stationId,
          transactionId: tx.id,
          meterStopWh: meterStartWh + rng.int(0, 8_000),
          endedAtMs: clock.now(),
          reason: null,
        };
        const copies = rng.int(1, 3);
        duplicates += copies - 1;
        const outs = await Promise.all(Array.from({ length: copies }, () => transactions.end(stop)));
        expect(outs.filter((o) => o.kind === 'ended')).toHaveLength(1);
        ended.push(tx.id);
      } else if (op === 'topUp') {
        const user = rng.pick(users);
        const key =
          rng.chance(0.3) && topUpKey > 0 ? `k-${user.id}-${topUpKey}` : `k-${user.id}-${++topUpKey}`;
        const topUp = creditWallet(t.store, user.id, 'TOP_UP', money(rng.int(100, 4_000)), {
          reference: key,
          nowMs: clock.now(),
        }).catch((e: Error) => {
          // A reused key with a different amount is refused, and that is all.
          expect(e.message).toMatch(/already used/);
        });
        await Promise.all([topUp, billing.runDueRetries()]);
      } else if (op === 'advance') {
        await clock.advanceBy(rng.int(10, 90) * MIN);
      } else if (op === 'restart') {
        restarts++;
        await billing.stop();
        boot();
        await billing.start();
      } else if (ended.length > 0) {
        const id = rng.pick(ended);
        await Promise.all([billing.settle(id), billing.runDueRetries(), billing.settle(id)]);
      }
    }
    // Half the users top up; every open retry then runs to its end (paid or manual review).
    for (const user of users.filter((_, i) => i % 2 === 0)) {
      await creditWallet(t.store, user.id, 'TOP_UP', money(50_000), { nowMs: clock.now() });
    }
    await clock.advanceBy(25 * 60 * MIN);

    expect(errors).toEqual([]);
    expect(ended.length).toBeGreaterThan(10);
    expect(duplicates).toBeGreaterThan(0);
    expect(restarts).toBeGreaterThan(0);
    expect(await ledgerMismatches(t.store)).toEqual([]);
    const twice = await t.store.query(
      `SELECT transaction_id FROM ledger_entries WHERE kind = 'CHARGE_DEDUCT' GROUP BY transaction_id HAVING COUNT(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    const { rows } = await t.store.query<{
      id: number;
      status: string;
      charge: string;
      amount: number;
      deducted: number;
    }>(
      `SELECT t.id, t.status, c.status AS charge, c.amount_minor AS amount,
              COALESCE((SELECT -SUM(e.amount_minor) FROM ledger_entries e
                         WHERE e.transaction_id = t.id AND e.kind = 'CHARGE_DEDUCT'), 0)::int8 AS deducted
       FROM transactions t JOIN billing_charges c ON c.transaction_id = t.id ORDER BY t.id`,
    );
    expect(rows).toHaveLength(ended.length);
    for (const r of rows) {
      expect(['COMPLETED', 'MANUAL_REVIEW']).toContain(r.status);
      expect(r.deducted).toBe(r.status === 'COMPLETED' ? r.amount : 0);
    }
    const totals = await t.store.query<{ balances: number; topups: number; charged: number }>(
      `SELECT (SELECT SUM(balance_minor) FROM wallets)::int8 AS balances,
              (SELECT SUM(amount_minor) FROM ledger_entries WHERE kind = 'TOP_UP')::int8 AS topups,
              (SELECT SUM(amount_minor) FROM billing_charges WHERE status = 'CHARGED')::int8 AS charged`,
    );
    const { balances, topups, charged } = totals.rows[0]!;
    expect(balances).toBe(topups - charged);
    const negative = await t.store.query(
      'SELECT user_id FROM wallets WHERE balance_minor < 0 AND NOT allow_negative',
    );
    expect(negative.rows).toEqual([]);
  });
});
