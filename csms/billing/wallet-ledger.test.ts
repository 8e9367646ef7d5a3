import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { BillingError } from './billing-error.js';
import { money } from './money.js';
import { aUser, at } from './test-support/billing-builders.js';
import {
  creditWallet,
  findWallet,
  ledgerHistory,
  ledgerMismatches,
  setAllowNegative,
} from './wallet-ledger.js';

const drivers = await testDrivers();
const NOW = at('2025-03-10T00:00:00Z');

describe.each(drivers)('wallet and ledger on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver);
  });
  afterAll(() => t.dispose());

  it('opens one wallet per user in INR unless told otherwise', async () => {
    const inr = await aUser(t.store, { name: 'inr', token: 'W-INR' });
    const eur = await aUser(t.store, { name: 'eur', token: 'W-EUR', currency: 'EUR' });
    expect(inr.wallet).toEqual({ userId: inr.id, currency: 'INR', balanceMinor: 0, allowNegative: false });
    expect(eur.wallet?.currency).toBe('EUR');
  });

  it('answers a repeated idempotency key with the first top-up and adds nothing', async () => {
    const u = await aUser(t.store, { name: 'idem', token: 'W-IDEM' });
    const first = await creditWallet(t.store, u.id, 'TOP_UP', money(50_000), {
      reference: 'pay-1',
      nowMs: NOW,
    });
    const again = await creditWallet(t.store, u.id, 'TOP_UP', money(50_000), {
      reference: 'pay-1',
      nowMs: NOW + 1,
    });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, entry: { id: first.entry.id } });
    expect((await findWallet(t.store, u.id))!.balanceMinor).toBe(50_000);
    await expect(
      creditWallet(t.store, u.id, 'TOP_UP', money(1), { reference: 'pay-1', nowMs: NOW }),
    ).rejects.toThrow(/already used for TOP_UP of 500.00 INR: use a new key/);
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a zero top-up', () => credit('TOP_UP', 0), /must be positive/],
    ['a negative top-up', () => credit('TOP_UP', -100), /must be positive/],
    ['another currency', () => credit('TOP_UP', 100, 'USD'), /send the amount in INR, not USD/],
    [
      'an adjustment below zero',
      () => credit('ADJUSTMENT', -100),
      /below zero, which the user's setting does not allow/,
    ],
  ])('refuses %s', async (_name, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BillingError);
    expect((error as Error).message).toMatch(message);
  });

  let refusing: number | undefined;
  async function credit(kind: 'TOP_UP' | 'ADJUSTMENT', minor: number, currency = 'INR') {
    refusing ??= (await aUser(t.store, { name: 'refusing', token: 'W-REFUSE' })).id;
    return creditWallet(t.store, refusing, kind, { amountMinor: minor, currency }, { nowMs: NOW });
  }

  it('keeps the allow-negative setting until the balance is back at zero or above', async () => {
    const u = await aUser(t.store, { name: 'neg', token: 'W-NEG', allowNegativeBalance: true });
    await creditWallet(t.store, u.id, 'ADJUSTMENT', money(-700), { note: 'goodwill reversal', nowMs: NOW });
    await expect(setAllowNegative(t.store, u.id, false, NOW)).rejects.toThrow(/negative: top it up/);
    await creditWallet(t.store, u.id, 'TOP_UP', money(700), { nowMs: NOW });
    expect((await setAllowNegative(t.store, u.id, false, NOW)).allowNegative).toBe(false);
    const history = await ledgerHistory(t.store, u.id);
    expect(history.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor])).toEqual([
      ['TOP_UP', 700, 0],
      ['ADJUSTMENT', -700, -700],
    ]);
    expect(await ledgerMismatches(t.store)).toEqual([]);
  });

  it('lets the database refuse a second CHARGE_DEDUCT for one transaction, whatever the code does', async () => {
    const u = await aUser(t.store, { name: 'dup', token: 'W-DUP', balanceMinor: 1_000 });
    await t.store.query(
      `INSERT INTO stations (id, created_at, updated_at) VALUES ('W-CP', $1, $1) ON CONFLICT DO NOTHING`,
      [new Date(NOW)],
    );
    const { rows } = await t.store.query<{ id: number }>(
      `INSERT INTO transactions (station_id, ocpp_version, transaction_ref, evse_id, connector_id, started_at,
          created_at, updated_at) VALUES ('W-CP', '1.6', 'w-1', 1, 1, $1, $1, $1) RETURNING id`,
      [new Date(NOW)],
    );
    const insert = () =>
      t.store.query(
        `INSERT INTO ledger_entries (user_id, kind, amount_minor, currency, balance_after_minor, transaction_id, created_at)
         VALUES ($1, 'CHARGE_DEDUCT', -10, 'INR', 990, $2, $3)`,
        [u.id, rows[0]!.id, new Date(NOW)],
      );
    await insert();
    await expect(insert()).rejects.toThrow(/ledger_entries_one_charge_idx|duplicate key/);
  });
});
