import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { findCharge } from './billing-charge.js';
import { money } from './money.js';
import { DEFAULT_RETRY_POLICY, settleTransaction } from './settle-transaction.js';
import { aTariff, aTransaction, aUser, at } from './test-support/billing-builders.js';
import { creditWallet, findWallet, ledgerHistory, ledgerMismatches } from './wallet-ledger.js';

const drivers = await testDrivers();

const TOU = {
  periods: [
    { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '15.00' },
    { name: 'night', start: '22:00', end: '06:00', pricePerKwh: '6.00' },
  ],
};

describe.each(drivers)('settleTransaction on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver);
    await aTariff(t.store, TOU);
  });
  afterAll(() => t.dispose());

  const txRow = async (id: number) =>
    (
      await t.store.query<{ status: string; amount_minor: number | null; currency: string | null }>(
        'SELECT status, amount_minor, currency FROM transactions WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  it('bills a 1.6 session exactly: ToU split by samples, meter not starting at 0 (50.00 INR)', async () => {
    const user = await aUser(t.store, { token: 'TAG-16', balanceMinor: 10_000 });
    // 17:00-19:00 IST; 17:00-18:00 base 2 kWh = 20.00, 18:00-19:00 peak 2 kWh = 30.00.
    const id = await aTransaction(t.store, {
      idTag: 'TAG-16',
      startedAt: '2025-03-10T17:00:00+05:30',
      endedAt: '2025-03-10T19:00:00+05:30',
      meterStartWh: 50_000,
      meterStopWh: 54_000,
      samples: [
        ['2025-03-10T17:30:00+05:30', 51_000],
        ['2025-03-10T18:30:00+05:30', 53_000],
      ],
    });
    const charge = await settleTransaction(t.store, id, at('2025-03-10T13:31:00Z'));
    expect(charge).toMatchObject({
      status: 'CHARGED',
      amountMinor: 5000,
      currency: 'INR',
      energyWh: 4000,
      attempts: 1,
    });
    expect(await txRow(id)).toEqual({ status: 'COMPLETED', amount_minor: 5000, currency: 'INR' });
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(5000);
    const [deduct] = await ledgerHistory(t.store, user.id, { limit: 1 });
    expect(deduct).toMatchObject({
      kind: 'CHARGE_DEDUCT',
      amountMinor: -5000,
      transactionId: id,
      balanceAfterMinor: 5000,
    });
  });

  it('bills a 2.0.1 session from its register samples alone (35.00 INR)', async () => {
    const user = await aUser(t.store, { token: 'TOK-201', balanceMinor: 5_000 });
    // No meterStart/meterStop: the Transaction.Begin and .End samples stand in. 17:40-18:10 IST,
    // 20 min base 2 kWh (20.00) + 10 min peak 1 kWh (15.00).
    const id = await aTransaction(t.store, {
      idTag: 'TOK-201',
      ocppVersion: '2.0.1',
      startedAt: '2025-03-10T17:40:00+05:30',
      endedAt: '2025-03-10T18:10:00+05:30',
      samples: [
        ['2025-03-10T17:40:00+05:30', 7],
        ['2025-03-10T18:10:00+05:30', 3_007],
      ],
    });
    const charge = await settleTransaction(t.store, id, at('2025-03-10T12:41:00Z'));
    expect(charge).toMatchObject({ status: 'CHARGED', amountMinor: 3500, energyWh: 3000 });
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(1500);
  });

  it('charges once however often the stop is repeated, even concurrently', async () => {
    const user = await aUser(t.store, { token: 'TAG-DUP', balanceMinor: 10_000 });
    const id = await aTransaction(t.store, {
      idTag: 'TAG-DUP',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 0,
      meterStopWh: 1_000,
    });
    const now = at('2025-03-10T06:00:00Z');
    const results = await Promise.all([1, 2, 3].map(() => settleTransaction(t.store, id, now)));
    results.push(await settleTransaction(t.store, id, now));
    expect(results.map((r) => r.status)).toEqual(['CHARGED', 'CHARGED', 'CHARGED', 'CHARGED']);
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(9_000);
    const deducts = (await ledgerHistory(t.store, user.id)).filter((e) => e.kind === 'CHARGE_DEDUCT');
    expect(deducts).toHaveLength(1);
  });

  it('leaves the driver alone on a short balance: BILLING_FAILED, retry in 30 min, then paid after a top-up', async () => {
    const user = await aUser(t.store, { token: 'TAG-POOR', balanceMinor: 500 });
    const id = await aTransaction(t.store, {
      idTag: 'TAG-POOR',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 100,
      meterStopWh: 2_100,
    });
    const t0 = at('2025-03-10T05:30:00Z');
    const failed = await settleTransaction(t.store, id, t0);
    expect(failed).toMatchObject({ status: 'RETRYING', amountMinor: 2000, attempts: 1, firstFailedAtMs: t0 });
    expect(failed.nextAttemptAtMs).toBe(t0 + 30 * 60_000);
    expect(failed.lastError).toMatch(/balance 5.00 INR is short of 20.00 INR/);
    expect(await txRow(id)).toEqual({ status: 'BILLING_FAILED', amount_minor: 2000, currency: 'INR' });
    await creditWallet(t.store, user.id, 'TOP_UP', money(2_000), { nowMs: t0 + 60_000 });
    const paid = await settleTransaction(t.store, id, t0 + 30 * 60_000);
    expect(paid).toMatchObject({ status: 'CHARGED', attempts: 2, nextAttemptAtMs: null });
    expect(await txRow(id)).toMatchObject({ status: 'COMPLETED', amount_minor: 2000 });
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(500);
  });

  it('gives up after 24 h of retries and flags the transaction for manual review', async () => {
    await aUser(t.store, { token: 'TAG-NEVER' });
    const id = await aTransaction(t.store, {
      idTag: 'TAG-NEVER',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 0,
      meterStopWh: 1_000,
    });
    const t0 = at('2025-03-10T05:30:00Z');
    let charge = await settleTransaction(t.store, id, t0);
    while (charge.nextAttemptAtMs !== null)
      charge = await settleTransaction(t.store, id, charge.nextAttemptAtMs);
    // The first attempt at t0, then every 30 min up to and including t0 + 24 h.
    expect(charge).toMatchObject({ status: 'MANUAL_REVIEW', attempts: 49 });
    expect(await txRow(id)).toMatchObject({ status: 'MANUAL_REVIEW', amount_minor: 1000 });
    expect(DEFAULT_RETRY_POLICY.retryWindowMs / DEFAULT_RETRY_POLICY.retryIntervalMs + 1).toBe(49);
  });

  it('lets the balance go negative only where the user allows it', async () => {
    const user = await aUser(t.store, { token: 'TAG-NEG', allowNegativeBalance: true, balanceMinor: 100 });
    const id = await aTransaction(t.store, {
      idTag: 'TAG-NEG',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 0,
      meterStopWh: 1_000,
    });
    expect((await settleTransaction(t.store, id, at('2025-03-10T06:00:00Z'))).status).toBe('CHARGED');
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(-900);
  });

  it('flags a transaction whose idTag belongs to nobody, and one whose register went backwards', async () => {
    await aUser(t.store, { token: 'TAG-BACK' });
    const nobody = await aTransaction(t.store, {
      idTag: 'UNKNOWN',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 0,
      meterStopWh: 1_000,
    });
    const backwards = await aTransaction(t.store, {
      idTag: 'TAG-BACK',
      startedAt: '2025-03-10T10:00:00+05:30',
      endedAt: '2025-03-10T11:00:00+05:30',
      meterStartWh: 5_000,
      meterStopWh: 1_000,
    });
    const now = at('2025-03-10T06:00:00Z');
    expect(await settleTransaction(t.store, nobody, now)).toMatchObject({
      status: 'MANUAL_REVIEW',
      lastError: expect.stringMatching(/idTag "UNKNOWN" belongs to no user/) as string,
    });
    expect(await settleTransaction(t.store, backwards, now)).toMatchObject({
      status: 'MANUAL_REVIEW',
      lastError: expect.stringMatching(/went backwards/) as string,
    });
    expect((await txRow(nobody)).status).toBe('MANUAL_REVIEW');
    expect((await txRow(backwards)).status).toBe('MANUAL_REVIEW');
  });

  it('prices by the tariff in force when the session started, not when it ended', async () => {
    const user = await aUser(t.store, { token: 'TAG-CHANGE', balanceMinor: 100_000 });
    await aTariff(t.store, {
      stationId: 'CP-CHANGE',
      pricePerKwh: '20.00',
      effectiveFrom: '2025-03-10T00:00:00Z',
    });
    await aTariff(t.store, {
      stationId: 'CP-CHANGE',
      pricePerKwh: '30.00',
      effectiveFrom: '2025-03-10T12:00:00Z',
    });
    const before = await aTransaction(t.store, {
      stationId: 'CP-CHANGE',
      idTag: 'TAG-CHANGE',
      startedAt: '2025-03-10T11:00:00Z',
      endedAt: '2025-03-10T13:00:00Z',
      meterStartWh: 0,
      meterStopWh: 1_000,
    });
    const after = await aTransaction(t.store, {
      stationId: 'CP-CHANGE',
      idTag: 'TAG-CHANGE',
      startedAt: '2025-03-10T12:00:00Z',
      endedAt: '2025-03-10T13:00:00Z',
      meterStartWh: 1_000,
      meterStopWh: 2_000,
    });
    const now = at('2025-03-10T14:00:00Z');
    expect((await settleTransaction(t.store, before, now)).amountMinor).toBe(2000);
    expect((await settleTransaction(t.store, after, now)).amountMinor).toBe(3000);
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(95_000);
  });

  it('refuses a transaction that is still running and one that does not exist', async () => {
    const running = await aTransaction(t.store, {
      idTag: null,
      startedAt: '2025-03-10T10:00:00Z',
      endedAt: null,
    });
    await expect(settleTransaction(t.store, running, at('2025-03-10T11:00:00Z'))).rejects.toThrow(
      /still running/,
    );
    await expect(settleTransaction(t.store, 999_999, at('2025-03-10T11:00:00Z'))).rejects.toThrow(
      /does not exist/,
    );
    expect(await findCharge(t.store, running)).toBeUndefined();
  });

  it('keeps every wallet equal to the sum of its ledger', async () => {
    expect(await ledgerMismatches(t.store)).toEqual([]);
  });
});
