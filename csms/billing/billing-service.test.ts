import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { MeterStore } from '../meter/meter-store.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { TransactionService } from '../transactions/transaction-service.js';
import type { BillingCharge } from './billing-charge.js';
import { findCharge } from './billing-charge.js';
import { Billing } from './billing-service.js';
import { money } from './money.js';
import { aStation, aTariff, aUser, at } from './test-support/billing-builders.js';
import { creditWallet, findWallet, ledgerHistory, ledgerMismatches } from './wallet-ledger.js';

const drivers = await testDrivers();
const MIN = 60_000;
const T0 = at('2025-03-10T04:30:00Z'); // 10:00 IST

describe.each(drivers)('Billing with the transaction service on %s', (driver) => {
  let t: TestStore;
  let clock: VirtualClock;
  let billing: Billing;
  let transactions: TransactionService;
  const errors: unknown[] = [];

  beforeAll(async () => {
    clock = new VirtualClock({ startMs: T0 });
    t = await openTestStore(driver, { tracker: clock.tracker });
    await aTariff(t.store, { pricePerKwh: '10.00', sessionFee: '1.00' });
    billing = new Billing({ store: t.store, clock, tracker: clock.tracker });
    billing.events.on('error', (e) => errors.push(e.error));
    transactions = new TransactionService({
      store: t.store,
      meter: new MeterStore({ store: t.store, clock }),
    });
    transactions.addEndHook(billing.endHook());
    await billing.start();
  });
  afterAll(async () => {
    await billing.stop();
    await t.dispose();
    expect(errors).toEqual([]);
  });

  /** Starts and ends a 1.6 transaction of `wh` Wh from meter 1000 for `idTag`; returns its end. */
  async function charge(idTag: string, wh: number) {
    const stationId = await aStation(t.store, 'CP-SVC');
    const { tx } = await transactions.start({
      stationId,
      version: '1.6',
      evseId: 1,
      connectorId: 1,
      idTag,
      meterStartWh: 1_000,
      startedAtMs: clock.now(),
    });
    await clock.advanceBy(30 * MIN);
    const out = await transactions.end({
      stationId,
      transactionId: tx.id,
      meterStopWh: 1_000 + wh,
      endedAtMs: clock.now(),
      reason: 'Local',
    });
    if (out.kind !== 'ended') throw new Error(`end was ${out.kind}`);
    return out.tx;
  }

  it('bills at the end, in the same database transaction: the ended record carries status and amount', async () => {
    const user = await aUser(t.store, { token: 'SVC-1', balanceMinor: 10_000 });
    const tx = await charge('SVC-1', 2_500); // 2.5 kWh x 10.00 + 1.00 fee
    expect(tx).toMatchObject({ status: 'COMPLETED', amountMinor: 2_600, currency: 'INR' });
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(7_400);
    const again = await transactions.end({
      stationId: tx.stationId,
      transactionId: tx.id,
      meterStopWh: 9_999,
      endedAtMs: clock.now(),
      reason: null,
    });
    expect(again.kind).toBe('duplicate');
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(7_400);
  });

  it('retries a short balance every 30 min in virtual time; a top-up makes the next retry succeed', async () => {
    const user = await aUser(t.store, { token: 'SVC-POOR', balanceMinor: 1_000 });
    const settled: BillingCharge[] = [];
    const off = billing.events.on('settled', (c) => settled.push(c));
    const tx = await charge('SVC-POOR', 4_000); // 41.00 due, 10.00 in the wallet
    expect(tx).toMatchObject({ status: 'BILLING_FAILED', amountMinor: 4_100 });
    const failedAt = clock.now();

    await clock.advanceBy(30 * MIN); // retry 1: still short
    expect(await findCharge(t.store, tx.id)).toMatchObject({ status: 'RETRYING', attempts: 2 });
    await creditWallet(t.store, user.id, 'TOP_UP', money(5_000), { nowMs: clock.now() });
    await clock.advanceBy(29 * MIN); // nothing due yet
    expect(await findCharge(t.store, tx.id)).toMatchObject({ status: 'RETRYING', attempts: 2 });
    await clock.advanceBy(1 * MIN); // retry 2, at failedAt + 60 min: paid
    off();
    expect(await findCharge(t.store, tx.id)).toMatchObject({ status: 'CHARGED', attempts: 3 });
    expect((await transactions.get(tx.id))!.status).toBe('COMPLETED');
    expect(settled.map((c) => c.status)).toEqual(['RETRYING', 'RETRYING', 'CHARGED']);
    const [deduct] = await ledgerHistory(t.store, user.id, { limit: 1 });
    expect(deduct).toMatchObject({ kind: 'CHARGE_DEDUCT', amountMinor: -4_100, transactionId: tx.id });
    expect(deduct!.createdAtMs).toBe(failedAt + 60 * MIN);
    expect((await findWallet(t.store, user.id))!.balanceMinor).toBe(1_900);
  });

  it('survives a restart: a new instance re-arms the retry from the store and settles an unbilled end', async () => {
    const poor = await aUser(t.store, { token: 'SVC-RESTART', balanceMinor: 100 });
    const tx = await charge('SVC-RESTART', 1_000); // 11.00 due
    expect(tx.status).toBe('BILLING_FAILED');
    await billing.stop();
    // An end committed while billing was down (its hook failed): no charge row at all.
    const unbilled = await aUser(t.store, { token: 'SVC-UNBILLED', balanceMinor: 5_000 });
    const bare = new TransactionService({ store: t.store, meter: new MeterStore({ store: t.store, clock }) });
    const stationId = await aStation(t.store, 'CP-SVC');
    const { tx: lost } = await bare.start({
      stationId,
      version: '1.6',
      evseId: 2,
      connectorId: 2,
      idTag: 'SVC-UNBILLED',
      meterStartWh: 0,
      startedAtMs: clock.now(),
    });
    await bare.end({
      stationId,
      transactionId: lost.id,
      meterStopWh: 2_000,
      endedAtMs: clock.now(),
      reason: null,
    });
    await creditWallet(t.store, poor.id, 'TOP_UP', money(2_000), { nowMs: clock.now() });

    billing = new Billing({ store: t.store, clock, tracker: clock.tracker });
    billing.events.on('error', (e) => errors.push(e.error));
    transactions = new TransactionService({
      store: t.store,
      meter: new MeterStore({ store: t.store, clock }),
    });
    transactions.addEndHook(billing.endHook());
    await billing.start();
    expect((await transactions.get(lost.id))!).toMatchObject({ status: 'COMPLETED', amountMinor: 2_100 });
    expect((await findWallet(t.store, unbilled.id))!.balanceMinor).toBe(2_900);
    expect((await transactions.get(tx.id))!.status).toBe('BILLING_FAILED');
    await clock.advanceBy(30 * MIN);
    expect((await transactions.get(tx.id))!.status).toBe('COMPLETED');
    expect((await findWallet(t.store, poor.id))!.balanceMinor).toBe(1_000);
    expect(await ledgerMismatches(t.store)).toEqual([]);
  });
});
