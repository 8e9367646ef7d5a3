import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import type { TestStation } from '../test-support/test-station.js';
import { connectTestStation } from '../test-support/test-station.js';
import { testDrivers } from '../test-support/test-stores.js';
import type { BillingExtension } from './billing-extension.js';
import { billingExtension } from './billing-extension.js';

const drivers = await testDrivers();
const MIN = 60_000;
/** ISO time of an IST wall time on Monday 2025-03-10 (IST = UTC+05:30). */
const ist = (hhmm: string): string => new Date(Date.parse(`2025-03-10T${hhmm}:00+05:30`)).toISOString();

describe.each(drivers)('billing end to end over ws, API over HTTP (%s)', (driver) => {
  let clock: VirtualClock;
  let t: TestCsms;
  let ext: BillingExtension;
  let adminKey: string;
  let s16: TestStation;
  let s201: TestStation;
  const costUpdates: unknown[] = [];
  const csmsErrors: unknown[] = [];

  async function api<T = Record<string, unknown>>(
    method: string,
    path: string,
    key: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: T; text: string }> {
    const res = await clock.tracker.track(
      fetch(`${t.csms.httpUrl}${path}`, {
        method,
        headers: {
          ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await res.text();
    const json =
      res.headers.get('content-type')?.includes('json') === true ? (JSON.parse(text) as T) : ({} as T);
    return { status: res.status, body: json, text };
  }

  beforeAll(async () => {
    clock = new VirtualClock({ startMs: Date.parse(ist('16:50')) });
    ext = billingExtension({ seed: 'e2e', costUpdatedIntervalMs: 15 * MIN });
    t = await startTestCsms(driver, {
      clock,
      transport: createWsTransport({ tracker: clock.tracker }),
      extendApi: (services) => ext.extendApi(services),
    });
    t.csms.events.on('error', (e) => csmsErrors.push(e));
    const outcome = await ext.start(t.csms);
    expect(outcome.created).toBe(true);
    adminKey = outcome.key!;
    const connect = (stationId: string, version: '1.6' | '2.0.1') =>
      connectTestStation({
        url: t.csms.ocppUrl,
        stationId,
        version,
        clock,
        transport: createWsTransport({ tracker: clock.tracker }),
        handlers: {
          CostUpdated: (p) => {
            costUpdates.push(p);
            return {};
          },
        },
      });
    s16 = await connect('CP16-BILL', '1.6');
    s201 = await connect('CP201-BILL', '2.0.1');
    await s16.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'AC22' });
    await s201.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'AC22' },
    });
  });
  afterAll(async () => {
    await s16?.close();
    await s201?.close();
    await ext?.stop();
    await t?.dispose();
    expect(csmsErrors).toEqual([]);
  });

  it('refuses requests without a valid key, and user keys outside their own data', async () => {
    expect(await api('GET', '/api/users', undefined)).toMatchObject({
      status: 401,
      body: {
        error: { code: 'unauthorized', message: expect.stringMatching(/Authorization: Bearer/) as string },
      },
    });
    expect((await api('GET', '/api/users', 'ohk_wrong')).status).toBe(401);
    const a = await api<{ id: number; apiKey: string }>('POST', '/api/users', adminKey, {
      name: 'A',
      token: 'KEY-A',
    });
    const b = await api<{ id: number; apiKey: string }>('POST', '/api/users', adminKey, {
      name: 'B',
      token: 'KEY-B',
    });
    expect(a.status).toBe(201);
    expect((await api('GET', `/api/wallets/${b.body.id}`, a.body.apiKey)).status).toBe(403);
    expect(
      (await api('POST', `/api/wallets/${b.body.id}/top-ups`, a.body.apiKey, { amount: '1.00' })).status,
    ).toBe(403);
    expect((await api('POST', '/api/tariffs', a.body.apiKey, { pricePerKwh: '1.00' })).status).toBe(403);
    expect((await api('POST', '/api/users', a.body.apiKey, { name: 'C' })).status).toBe(403);
    const listed = await api<{ id: number }[]>('GET', '/api/users', a.body.apiKey);
    expect(listed.body.map((u) => u.id)).toEqual([a.body.id]);
    // The CSMS's own admin routes need an admin key once billing is on; health stays open.
    expect((await api('GET', '/api/health', undefined)).status).toBe(200);
    expect((await api('GET', '/api/transactions', undefined)).status).toBe(401);
    expect((await api('GET', '/api/transactions', a.body.apiKey)).status).toBe(403);
    expect(
      (await api('POST', '/api/id-tokens', a.body.apiKey, { token: 'MINE', userId: a.body.id })).status,
    ).toBe(403);
    expect((await api('GET', '/api/transactions', adminKey)).status).toBe(200);
  });

  it.each<[string, unknown, RegExp]>([
    ['three decimals', { pricePerKwh: '10.005' }, /pricePerKwh has 3 decimal places/],
    ['a missing price', { sessionFee: '1.00' }, /pricePerKwh is required/],
    ['an unknown field', { pricePerKwh: '1', price: 2 }, /unknown field "price"/],
    ['a bad zone', { pricePerKwh: '1', timeZone: 'Asia/Atlantis' }, /timeZone must be an IANA zone/],
  ])('answers a tariff with %s with a 400 saying what to change', async (_name, body, message) => {
    const res = await api<{ error: { code: string; message: string } }>(
      'POST',
      '/api/tariffs',
      adminKey,
      body,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('bills a 1.6 and a 2.0.1 session exactly, reports cost during and at the end, and exports them', async () => {
    const tariff = await api('POST', '/api/tariffs', adminKey, {
      pricePerKwh: '10.00',
      timeZone: 'Asia/Kolkata',
      periods: [
        { name: 'peak', start: '18:00', end: '22:00', pricePerKwh: '15.00' },
        { name: 'night', start: '22:00', end: '06:00', pricePerKwh: '6.00' },
      ],
      effectiveFrom: '2025-03-01T00:00:00Z',
    });
    expect(tariff.status).toBe(201);
    const user = await api<{ id: number; apiKey: string; token: string }>('POST', '/api/users', adminKey, {
      name: 'Asha',
      token: 'RFID-16',
    });
    const driver201 = await api<{ id: number; apiKey: string }>('POST', '/api/users', adminKey, {
      name: 'Ravi',
      token: 'TOK-201',
    });
    const topUp = await api('POST', `/api/wallets/${user.body.id}/top-ups`, user.body.apiKey, {
      amount: '100.00',
    });
    expect(topUp).toMatchObject({ status: 201, body: { wallet: { balance: '100.00', currency: 'INR' } } });
    await api('POST', `/api/wallets/${driver201.body.id}/top-ups`, adminKey, { amount: '40' });

    // 1.6: 17:00-19:00 IST, meter from 50 000 Wh; 17:00-18:00 base 2 kWh (20.00), 18:00-19:00 peak 2 kWh (30.00).
    const start = await s16.call<{ transactionId: number; idTagInfo: { status: string } }>(
      'StartTransaction',
      {
        connectorId: 1,
        idTag: 'RFID-16',
        meterStart: 50_000,
        timestamp: ist('17:00'),
      },
    );
    expect(start.idTagInfo.status).toBe('Accepted');
    for (const [hhmm, wh] of [
      ['17:30', 51_000],
      ['18:30', 53_000],
    ] as const) {
      await s16.call('MeterValues', {
        connectorId: 1,
        transactionId: start.transactionId,
        meterValue: [{ timestamp: ist(hhmm), sampledValue: [{ value: String(wh), unit: 'Wh' }] }],
      });
    }
    await s16.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 54_000,
      timestamp: ist('19:00'),
    });

    // 2.0.1: 17:40-18:10 IST from the register samples alone: 20 min base 2 kWh (20.00) + 10 min peak 1 kWh (15.00).
    const reading = (hhmm: string, wh: number, context?: string) => ({
      timestamp: ist(hhmm),
      sampledValue: [
        {
          value: wh,
          measurand: 'Energy.Active.Import.Register',
          unitOfMeasure: { unit: 'Wh' },
          ...(context === undefined ? {} : { context }),
        },
      ],
    });
    const event = (eventType: string, seqNo: number, hhmm: string, wh: number, context?: string) => ({
      eventType,
      timestamp: ist(hhmm),
      triggerReason:
        eventType === 'Started'
          ? 'Authorized'
          : eventType === 'Ended'
            ? 'StopAuthorized'
            : 'MeterValuePeriodic',
      seqNo,
      transactionInfo: {
        transactionId: 'TX-201-1',
        ...(eventType === 'Ended' ? { stoppedReason: 'Local' } : {}),
      },
      ...(eventType === 'Started'
        ? { idToken: { idToken: 'TOK-201', type: 'Central' }, evse: { id: 1, connectorId: 1 } }
        : {}),
      meterValue: [reading(hhmm, wh, context)],
    });
    await s201.call('TransactionEvent', event('Started', 0, '17:40', 7, 'Transaction.Begin'));
    await s201.call('TransactionEvent', event('Updated', 1, '17:55', 1_507));
    await clock.advanceBy(15 * MIN);
    // After 15 minutes the CSMS sends the cost so far: 1.5 kWh at base price.
    expect(costUpdates).toEqual([{ totalCost: 15, transactionId: 'TX-201-1' }]);
    const ended = await s201.call<{ totalCost?: number }>(
      'TransactionEvent',
      event('Ended', 2, '18:10', 3_007, 'Transaction.End'),
    );
    expect(ended.totalCost).toBe(35);
    await clock.advanceBy(30 * MIN);
    expect(costUpdates).toHaveLength(1);

    const wallet = await api<{
      balance: string;
      history: { kind: string; amount: string; transactionId: number }[];
    }>('GET', `/api/wallets/${user.body.id}`, user.body.apiKey);
    expect(wallet.body.balance).toBe('50.00');
    expect(wallet.body.history.map((e) => [e.kind, e.amount])).toEqual([
      ['CHARGE_DEDUCT', '-50.00'],
      ['TOP_UP', '100.00'],
    ]);
    expect(wallet.body.history[0]!.transactionId).toBe(start.transactionId);
    const ravi = await api<{ balance: string }>(
      'GET',
      `/api/wallets/${driver201.body.id}`,
      driver201.body.apiKey,
    );
    expect(ravi.body.balance).toBe('5.00');

    const csv = await api('GET', '/api/transactions.csv', adminKey);
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe(
      'transaction_id,station_id,ocpp_version,user_id,id_tag,started_at,ended_at,energy_wh,tariff_id,' +
        'price_per_kwh,session_fee,amount,currency,status,billing_status,billing_attempts',
    );
    const byStation = (id: string) => rows.find((r) => r.split(',')[1] === id)!.split(',');
    expect(byStation('CP16-BILL').slice(7)).toEqual([
      '4000',
      expect.any(String),
      '10.00',
      '0.00',
      '50.00',
      'INR',
      'COMPLETED',
      'CHARGED',
      '1',
    ]);
    expect(byStation('CP201-BILL').slice(7)).toEqual([
      '3000',
      expect.any(String),
      '10.00',
      '0.00',
      '35.00',
      'INR',
      'COMPLETED',
      'CHARGED',
      '1',
    ]);
    const own = await api('GET', '/api/transactions.csv', user.body.apiKey);
    expect(own.text.trim().split('\r\n')).toHaveLength(2);
    expect(own.text).toContain('CP16-BILL');
    expect(own.text).not.toContain('CP201-BILL');
  });

  it('flags a session nobody can pay for, lists it for review, and bills it on retry once the token has a user', async () => {
    const start = await s16.call<{ transactionId: number }>('StartTransaction', {
      connectorId: 2,
      idTag: 'STRANGER',
      meterStart: 0,
      timestamp: ist('10:00'),
    });
    await s16.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 1_000,
      timestamp: ist('11:00'),
    });
    const queue = await api<{ transactionId: number; status: string; lastError: string }[]>(
      'GET',
      '/api/billing/charges?status=MANUAL_REVIEW',
      adminKey,
    );
    expect(queue.body).toEqual([
      expect.objectContaining({
        transactionId: start.transactionId,
        status: 'MANUAL_REVIEW',
        lastError: expect.stringMatching(/idTag "STRANGER" belongs to no user/) as string,
      }),
    ]);
    const owner = await api<{ id: number }>('POST', '/api/users', adminKey, {
      name: 'Late',
      token: 'STRANGER',
    });
    await api('POST', `/api/wallets/${owner.body.id}/top-ups`, adminKey, { amount: '20.00' });
    const retried = await api('POST', `/api/billing/charges/${start.transactionId}/retry`, adminKey);
    // 10:00-11:00 IST, 1 kWh at the base price.
    expect(retried).toMatchObject({
      status: 200,
      body: { status: 'CHARGED', amount: '10.00', userId: owner.body.id },
    });
    expect((await api('POST', `/api/billing/charges/${start.transactionId}/retry`, adminKey)).status).toBe(
      409,
    );
    const wallet = await api<{ balance: string }>('GET', `/api/wallets/${owner.body.id}`, adminKey);
    expect(wallet.body.balance).toBe('10.00');
  });
});
