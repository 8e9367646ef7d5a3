import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { MeterStore } from '../meter/meter-store.js';
import { normaliseV16MeterValues } from '../meter/normalise-v16.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStart, aStation } from '../test-support/builders.js';
import type { TransactionEndHook } from './transaction-service.js';
import { TransactionService } from './transaction-service.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00Z');
const MIN = 60_000;

describe.each(drivers)('TransactionService on %s', (driver) => {
  let t: TestStore;
  let clock: VirtualClock;
  let meter: MeterStore;
  let hookCalls: number[];
  let failingHookFor: Set<number>;
  let service: TransactionService;
  const hookErrors: string[] = [];

  beforeAll(async () => {
    t = await openTestStore(driver);
    clock = new VirtualClock({ startMs: T0 });
    meter = new MeterStore({ store: t.store, clock });
    hookCalls = [];
    failingHookFor = new Set();
    const billing: TransactionEndHook = {
      name: 'billing',
      async onTransactionEnded(tx, db) {
        hookCalls.push(tx.id);
        await db.query("UPDATE transactions SET amount_minor = $2, currency = 'INR' WHERE id = $1", [
          tx.id,
          Math.round((tx.energyWh ?? 0) * 0.02),
        ]);
        if (failingHookFor.has(tx.id)) throw new Error('tariff missing');
      },
    };
    service = new TransactionService({
      store: t.store,
      meter,
      hooks: [billing],
      onHookError: (_tx, hook, e) => hookErrors.push(`${hook}: ${(e as Error).message}`),
    });
  });
  afterAll(async () => t.dispose());

  function samples(stationId: string, transactionId: number, registerKWh: number[], startMs = T0): void {
    meter.record(
      { stationId, evseId: 1, connectorId: 1, transactionId },
      normaliseV16MeterValues(
        registerKWh.map((kWh, i) => ({
          timestamp: new Date(startMs + (i + 1) * MIN).toISOString(),
          sampledValue: [{ value: String(kWh), unit: 'kWh' }],
        })),
      ),
    );
  }

  it.each([
    ['a register reset for each session', 0, [1, 2.5], 4000, 4000],
    ['a cumulative register', 1_200_000, [1201, 1202], 1_203_500, 3500],
    ['a register reset mid-session', 50_000, [51, 0.2], 1000, 2000],
  ])('1.6: %s comes out right', async (_name, meterStartWh, registerKWh, meterStopWh, energyWh) => {
    const stationId = await aStation(t.store);
    const { tx, created } = await service.start(aStart(stationId, { meterStartWh }));
    expect(created).toBe(true);
    expect(tx.transactionRef).toBe(String(tx.id));
    samples(stationId, tx.id, registerKWh);
    const out = await service.end({
      stationId,
      transactionId: tx.id,
      meterStopWh,
      endedAtMs: T0 + 60 * MIN,
      reason: 'Local',
    });
    expect(out.kind).toBe('ended');
    if (out.kind !== 'ended') return;
    expect(out.tx).toMatchObject({
      status: 'COMPLETED',
      energyWh,
      meterStartWh,
      meterStopWh,
      stopReason: 'Local',
    });
    expect(out.tx.endedAtMs).toBe(T0 + 60 * MIN);
  });

  it('assigns distinct integer ids to 1.6 starts', async () => {
    const stationId = await aStation(t.store);
    const a = await service.start(aStart(stationId, { evseId: 1, connectorId: 1 }));
    const b = await service.start(aStart(stationId, { evseId: 2, connectorId: 2 }));
    expect(Number.isInteger(a.tx.id)).toBe(true);
    expect(b.tx.id).not.toBe(a.tx.id);
  });

  it('a resent 1.6 StartTransaction returns the same transaction', async () => {
    const stationId = await aStation(t.store);
    const first = await service.start(aStart(stationId, { meterStartWh: 10 }));
    const again = await service.start(aStart(stationId, { meterStartWh: 10 }));
    expect(again).toEqual({ tx: first.tx, created: false });
    expect(await service.running(stationId)).toHaveLength(1);
  });

  it('a duplicate stop is acknowledged and changes nothing (no second settlement)', async () => {
    const stationId = await aStation(t.store);
    const { tx } = await service.start(aStart(stationId, { meterStartWh: 100 }));
    const first = await service.end({
      stationId,
      transactionId: tx.id,
      meterStopWh: 1100,
      endedAtMs: T0 + MIN,
      reason: null,
    });
    const again = await service.end({
      stationId,
      transactionId: tx.id,
      meterStopWh: 9999,
      endedAtMs: T0 + 2 * MIN,
      reason: 'Other',
    });
    expect(first.kind).toBe('ended');
    expect(again.kind).toBe('duplicate');
    if (first.kind !== 'ended' || again.kind !== 'duplicate') return;
    expect(again.tx).toEqual(first.tx);
    expect(first.tx.energyWh).toBe(1000);
    expect(first.tx.amountMinor).toBe(20);
    expect(hookCalls.filter((id) => id === tx.id)).toHaveLength(1);
  });

  it('a stop for a transaction of another station is unknown', async () => {
    const a = await aStation(t.store);
    const b = await aStation(t.store);
    const { tx } = await service.start(aStart(a));
    expect(
      (await service.end({ stationId: b, transactionId: tx.id, meterStopWh: 1, endedAtMs: T0, reason: null }))
        .kind,
    ).toBe('unknown');
    expect((await service.get(tx.id))?.status).toBe('RUNNING');
  });

  it('a failing end hook is rolled back alone: the end is kept and the failure reported', async () => {
    const stationId = await aStation(t.store);
    const { tx } = await service.start(aStart(stationId));
    failingHookFor.add(tx.id);
    const out = await service.end({
      stationId,
      transactionId: tx.id,
      meterStopWh: 500,
      endedAtMs: T0 + MIN,
      reason: null,
    });
    expect(out.kind).toBe('ended');
    if (out.kind !== 'ended') return;
    expect(out.tx).toMatchObject({ status: 'COMPLETED', energyWh: 500, amountMinor: null });
    expect(hookErrors).toContain('billing: tariff missing');
  });

  it('2.0.1: the station names the transaction; energy comes from the register samples', async () => {
    const stationId = await aStation(t.store, { version: '2.0.1' });
    const start = {
      ...aStart(stationId, { version: '2.0.1', transactionRef: 'tx-abc', meterStartWh: null, seqNo: 0 }),
    };
    const { tx, created } = await service.start(start);
    expect(created).toBe(true);
    expect(tx.transactionRef).toBe('tx-abc');
    expect((await service.start(start)).created).toBe(false);
    samples(stationId, tx.id, [20, 21.5, 23]);
    const upd = await service.update({
      stationId,
      transactionRef: 'tx-abc',
      seqNo: 1,
      trigger: 'MeterValuePeriodic',
    });
    expect(upd?.changed).toBe(true);
    const replay = await service.update({
      stationId,
      transactionRef: 'tx-abc',
      seqNo: 1,
      trigger: 'MeterValuePeriodic',
    });
    expect(replay?.changed).toBe(false);
    const out = await service.end({
      stationId,
      transactionRef: 'tx-abc',
      meterStopWh: null,
      endedAtMs: T0 + 5 * MIN,
      reason: 'EVDisconnected',
      seqNo: 2,
    });
    expect(out.kind === 'ended' && out.tx).toMatchObject({
      meterStartWh: 20000,
      meterStopWh: 23000,
      energyWh: 3000,
    });
  });

  it('lists transactions by station and start time', async () => {
    const stationId = await aStation(t.store);
    await service.start(aStart(stationId, { startedAtMs: T0 }));
    await service.start(aStart(stationId, { evseId: 2, connectorId: 2, startedAtMs: T0 + 10 * MIN }));
    expect(await service.list({ stationId })).toHaveLength(2);
    expect((await service.list({ stationId, fromMs: T0 + MIN })).map((x) => x.evseId)).toEqual([2]);
    expect((await service.list({ stationId, toMs: T0 + MIN })).map((x) => x.evseId)).toEqual([1]);
  });

  it('2.0.1: findForEvent follows updates and ends; an update after another writer ended it changes nothing', async () => {
    const stationId = await aStation(t.store, { version: '2.0.1' });
    const start = aStart(stationId, {
      version: '2.0.1',
      transactionRef: 'tx-memo',
      meterStartWh: null,
      seqNo: 0,
    });
    const { tx } = await service.start(start);
    const update = { stationId, transactionRef: 'tx-memo', trigger: 'MeterValuePeriodic' };
    expect((await service.update({ ...update, seqNo: 1, chargingState: 'Charging' }))?.changed).toBe(true);
    const known = await service.findForEvent(stationId, 'tx-memo');
    expect(known).toMatchObject({ id: tx.id, lastSeqNo: 1, status: 'RUNNING' });
    expect(await service.findByRef(stationId, 'tx-memo')).toEqual(known);
    expect((await service.update({ ...update, seqNo: 1 }))?.changed).toBe(false);

    // A writer outside the service moves the transaction on: the database decides, not the memory.
    await t.store.query("UPDATE transactions SET status = 'BILLING_FAILED' WHERE id = $1", [tx.id]);
    const stale = await service.update({ ...update, seqNo: 2 });
    expect(stale).toMatchObject({ changed: false, tx: { status: 'BILLING_FAILED', lastSeqNo: 1 } });
    expect(await service.findForEvent(stationId, 'tx-memo')).toMatchObject({ status: 'BILLING_FAILED' });
    expect(await service.findForEvent(stationId, 'tx-none')).toBeUndefined();
  });

  it('2.0.1: with batched progress, readers and the end see every update; duplicates change nothing', async () => {
    const batched = new TransactionService({
      store: t.store,
      meter,
      progress: { clock, maxDelayMs: 60_000 },
    });
    const stationId = await aStation(t.store, { version: '2.0.1' });
    const start = aStart(stationId, {
      version: '2.0.1',
      transactionRef: 'tx-batch',
      meterStartWh: null,
      seqNo: 0,
    });
    const { tx } = await batched.start(start);
    const update = { stationId, transactionRef: 'tx-batch', trigger: 'MeterValuePeriodic' };
    for (const seqNo of [1, 2, 3]) {
      expect((await batched.update({ ...update, seqNo, chargingState: 'Charging' }))?.changed).toBe(true);
    }
    expect((await batched.update({ ...update, seqNo: 2 }))?.changed).toBe(false);
    const { rows: before } = await t.store.query<{ last_seq_no: number | null }>(
      'SELECT last_seq_no FROM transactions WHERE id = $1',
      [tx.id],
    );
    expect(before[0]?.last_seq_no).toBe(0); // still buffered
    expect((await batched.get(tx.id))?.lastSeqNo).toBe(3);
    expect((await batched.update({ ...update, seqNo: 4, evseId: 2, connectorId: 1 }))?.tx.evseId).toBe(2);
    const out = await batched.end({
      stationId,
      transactionRef: 'tx-batch',
      meterStopWh: null,
      endedAtMs: T0 + MIN,
      reason: 'Local',
    });
    expect(out).toMatchObject({ kind: 'ended', tx: { lastSeqNo: 4, evseId: 2, status: 'COMPLETED' } });
    const { rows } = await t.store.query<{ charging_state: string | null }>(
      'SELECT charging_state FROM transactions WHERE id = $1',
      [tx.id],
    );
    expect(rows[0]?.charging_state).toBe('Charging');
  });

  it('2.0.1: after an end, findForEvent reads the completed transaction', async () => {
    const stationId = await aStation(t.store, { version: '2.0.1' });
    const start = aStart(stationId, {
      version: '2.0.1',
      transactionRef: 'tx-done',
      meterStartWh: null,
      seqNo: 0,
    });
    await service.start(start);
    expect((await service.findForEvent(stationId, 'tx-done'))?.status).toBe('RUNNING');
    const out = await service.end({
      stationId,
      transactionRef: 'tx-done',
      meterStopWh: null,
      endedAtMs: T0 + MIN,
      reason: 'Local',
      seqNo: 1,
    });
    expect(out.kind).toBe('ended');
    expect((await service.findForEvent(stationId, 'tx-done'))?.status).toBe('COMPLETED');
  });
});
