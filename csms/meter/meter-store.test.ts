import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { Store } from '../store/store.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStationId } from '../test-support/builders.js';
import type { MeterReading } from './meter-sample.js';
import { MeterStore } from './meter-store.js';
import { normaliseV16Sample } from './normalise-v16.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00.000Z');

/** The real store, refusing the next `n` meter value inserts. */
function refusingInserts(store: Store, n: number): Store {
  let left = n;
  return {
    driver: store.driver,
    location: store.location,
    query: (sql, params) =>
      sql.includes('INSERT INTO meter_values') && left-- > 0
        ? Promise.reject(new Error('insert refused'))
        : store.query(sql, params),
    exec: (sql) => store.exec(sql),
    transaction: (fn) => store.transaction(fn),
    close: () => store.close(),
  };
}

function aReading(timeMs: number, ...values: string[]): MeterReading {
  return {
    timeMs,
    samples: values.map((value, i) =>
      normaliseV16Sample({
        value,
        ...(i === 0 ? {} : { measurand: 'Current.Import', unit: 'mA', phase: `L${i}`, location: 'Outlet' }),
      }),
    ),
  };
}

interface Row {
  station_id: string;
  transaction_id: number | null;
  evse_id: number;
  connector_id: number;
  sampled_at: Date;
  received_at: Date;
  measurand: string;
  raw_value: string;
}

describe.each(drivers)('MeterStore on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver);
  });
  afterAll(async () => t.dispose());

  async function rowsOf(stationId: string): Promise<Row[]> {
    const { rows } = await t.store.query<Row>(
      `SELECT station_id, transaction_id, evse_id, connector_id, sampled_at, received_at, measurand, raw_value
         FROM meter_values WHERE station_id = $1 ORDER BY id`,
      [stationId],
    );
    return rows;
  }

  it('stores every sample with its MeterValue, transaction, EVSE and times', async () => {
    const clock = new VirtualClock({ startMs: T0 + 5_000 });
    const meter = new MeterStore({ store: t.store, clock });
    const a = aStationId();
    meter.record({ stationId: a, evseId: 1, connectorId: 1, transactionId: 901 }, [
      aReading(T0, '100', '16000'),
      aReading(Number.NaN, '200'),
    ]);
    meter.record({ stationId: a, evseId: 2, connectorId: 3 }, [aReading(T0 + 1_000, '300')]);
    expect(meter.pending).toBe(4);
    await meter.flush();
    expect(meter.pending).toBe(0);
    expect((await rowsOf(a)).map((r) => [r.transaction_id, r.evse_id, r.connector_id, r.raw_value])).toEqual([
      [901, 1, 1, '100'],
      [901, 1, 1, '16000'],
      [901, 1, 1, '200'],
      [null, 2, 3, '300'],
    ]);
    const times = (await rowsOf(a)).map((r) => [r.sampled_at.getTime(), r.received_at.getTime()]);
    // A reading without a usable timestamp is dated when it arrived.
    expect(times).toEqual([
      [T0, T0 + 5_000],
      [T0, T0 + 5_000],
      [T0 + 5_000, T0 + 5_000],
      [T0 + 1_000, T0 + 5_000],
    ]);
    expect(await meter.forTransaction(901)).toEqual([
      {
        timeMs: T0,
        transactionId: 901,
        evseId: 1,
        connectorId: 1,
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        value: 100,
        rawValue: '100',
      },
      {
        timeMs: T0,
        transactionId: 901,
        evseId: 1,
        connectorId: 1,
        measurand: 'Current.Import',
        phase: 'L1',
        location: 'Outlet',
        unit: 'A',
        value: 16,
        rawValue: '16000',
        rawUnit: 'mA',
      },
      {
        timeMs: T0 + 5_000,
        transactionId: 901,
        evseId: 1,
        connectorId: 1,
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        value: 200,
        rawValue: '200',
      },
    ]);
  });

  it('keeps each sample with its own station and times when a failed write is retried', async () => {
    const clock = new VirtualClock({ startMs: T0 });
    const meter = new MeterStore({ store: refusingInserts(t.store, 1), clock });
    const a = aStationId();
    const b = aStationId();
    meter.record({ stationId: a, evseId: 1, connectorId: 1, transactionId: 911 }, [
      aReading(T0, '1', '2000'),
    ]);
    await expect(meter.flush()).rejects.toThrow('insert refused');
    expect(meter.pending).toBe(2);
    await clock.advanceBy(1_000);
    meter.record({ stationId: b, evseId: 2, connectorId: 2, transactionId: 912 }, [
      aReading(T0 + 1_000, '3', '4000', '5000'),
    ]);
    await meter.flush();
    expect(meter.pending).toBe(0);
    const summary = (rows: Row[]): unknown[] =>
      rows.map((r) => [
        r.transaction_id,
        r.evse_id,
        r.raw_value,
        r.sampled_at.getTime(),
        r.received_at.getTime(),
      ]);
    expect(summary(await rowsOf(a))).toEqual([
      [911, 1, '1', T0, T0],
      [911, 1, '2000', T0, T0],
    ]);
    expect(summary(await rowsOf(b))).toEqual([
      [912, 2, '3', T0 + 1_000, T0 + 1_000],
      [912, 2, '4000', T0 + 1_000, T0 + 1_000],
      [912, 2, '5000', T0 + 1_000, T0 + 1_000],
    ]);
  });
});
