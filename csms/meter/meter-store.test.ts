import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { Store } from '../store/store.js';
import type { TestDriver, TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStationId } from '../test-support/builders.js';
import type { MeterReading } from './meter-sample.js';
import { MeterStore } from './meter-store.js';
import type { StoredSample } from './meter-store.js';
import { normaliseV16Sample } from './normalise-v16.js';
import { migrate } from '../store/migrations.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00.000Z');

/** The real store, refusing the next `n` meter value inserts. */
function refusingInserts(store: Store, n: number): Store {
  let left = n;
  return {
    driver: store.driver,
    location: store.location,
    query: (sql, params) =>
      sql.includes('INSERT INTO meter_pages') && left-- > 0
        ? Promise.reject(new Error('insert refused'))
        : store.query(sql, params),
    exec: (sql) => store.exec(sql),
    transaction: (fn) => store.transaction(fn),
    close: () => store.close(),
  };
}

/** Runs `test` with a MeterStore (clock at T0) on a fresh store of `driver`, disposed after. */
async function withMeterStore(
  driver: TestDriver,
  test: (meter: MeterStore, store: Store) => Promise<void>,
): Promise<void> {
  const t = await openTestStore(driver);
  try {
    await test(new MeterStore({ store: t.store, clock: new VirtualClock({ startMs: T0 }) }), t.store);
  } finally {
    await t.dispose();
  }
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

describe.each(drivers)('MeterStore on %s', (driver) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(driver);
  });
  afterAll(async () => t.dispose());

  function rowsOf(stationId: string): Promise<StoredSample[]> {
    return new MeterStore({ store: t.store, clock: new VirtualClock({ startMs: T0 }) }).forStation(stationId);
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
    expect(meter.pending).toBe(3);
    await meter.flush();
    expect(meter.pending).toBe(0);
    expect((await rowsOf(a)).map((r) => [r.transactionId, r.evseId, r.connectorId, r.rawValue])).toEqual([
      [901, 1, 1, '100'],
      [901, 1, 1, '16000'],
      [null, 2, 3, '300'],
      [901, 1, 1, '200'],
    ]);
    const times = (await rowsOf(a)).map((r) => [r.timeMs, r.receivedMs]);
    // A reading without a usable timestamp is dated when it arrived.
    expect(times).toEqual([
      [T0, T0 + 5_000],
      [T0, T0 + 5_000],
      [T0 + 1_000, T0 + 5_000],
      [T0 + 5_000, T0 + 5_000],
    ]);
    expect(await meter.forTransaction(901)).toEqual([
      {
        timeMs: T0,
        receivedMs: T0 + 5_000,
        stationId: a,
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
        receivedMs: T0 + 5_000,
        stationId: a,
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
        receivedMs: T0 + 5_000,
        stationId: a,
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
    expect(meter.pending).toBe(1);
    await clock.advanceBy(1_000);
    meter.record({ stationId: b, evseId: 2, connectorId: 2, transactionId: 912 }, [
      aReading(T0 + 1_000, '3', '4000', '5000'),
    ]);
    await meter.flush();
    expect(meter.pending).toBe(0);
    const summary = (rows: StoredSample[]): unknown[] =>
      rows.map((r) => [r.transactionId, r.evseId, r.rawValue, r.timeMs, r.receivedMs]);
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

describe.each(drivers)('meter pages on %s', (driver) => {
  it('writes a batch as one compressed page per transaction, each reading a row of meter_readings', async () => {
    await withMeterStore(driver, async (meter, store) => {
      const a = aStationId();
      for (let i = 0; i < 20; i++) {
        meter.record({ stationId: a, evseId: 1, connectorId: 1, transactionId: 951 }, [
          aReading(T0 + i * 10_000, String(1000 + i), '16000', '15000', '17000'),
        ]);
        meter.record({ stationId: a, evseId: 2, connectorId: 1, transactionId: 952 }, [
          aReading(T0 + i * 10_000, String(5000 + i)),
        ]);
      }
      await meter.flush();
      const { rows: pages } = await store.query<{
        transaction_id: number;
        encoding: string;
        readings: number;
      }>(
        `SELECT transaction_id, encoding, cardinality(sampled_ms) AS readings FROM meter_pages
          WHERE station_id = $1 ORDER BY transaction_id`,
        [a],
      );
      expect(pages).toEqual([
        { transaction_id: 951, encoding: 'deflate', readings: 20 },
        { transaction_id: 952, encoding: 'deflate', readings: 20 },
      ]);
      const { rows } = await store.query<{ sampled_at: Date; energy_wh: number; reading_index: number }>(
        `SELECT sampled_at, energy_wh, reading_index FROM meter_readings WHERE transaction_id = 951
          ORDER BY sampled_at, page_id, reading_index`,
      );
      expect(rows.map((r) => [r.sampled_at.getTime() - T0, r.energy_wh, r.reading_index])).toEqual(
        Array.from({ length: 20 }, (_, i) => [i * 10_000, 1000 + i, i + 1]),
      );
      expect((await MeterStore.registerReadings(store, 952)).wh).toEqual(
        Array.from({ length: 20 }, (_, i) => 5000 + i),
      );
      const samples = await meter.forTransaction(951);
      expect(samples).toHaveLength(80);
      expect(samples.slice(4, 8).map((s) => [s.timeMs - T0, s.measurand, s.phase, s.value])).toEqual([
        [10_000, 'Energy.Active.Import.Register', undefined, 1001],
        [10_000, 'Current.Import', 'L1', 16],
        [10_000, 'Current.Import', 'L2', 15],
        [10_000, 'Current.Import', 'L3', 17],
      ]);
    });
  });
});

describe.each(drivers)('meter readings on %s', (driver) => {
  it('keeps text the JSON document must escape, and totals only the outlet register', async () => {
    await withMeterStore(driver, async (meter, store) => {
      const station = `CP "quoted" \\ ünïcødé ${aStationId()}`;
      meter.record({ stationId: station, evseId: 1, connectorId: 1, transactionId: 921 }, [
        {
          timeMs: T0,
          samples: [
            normaliseV16Sample({ value: '7', phase: 'L1' }),
            normaliseV16Sample({ value: '9', location: 'EV' }),
            normaliseV16Sample({ value: 'a"b\\c\n', format: 'SignedData' }),
            normaliseV16Sample({ value: '1.5', unit: 'kWh', location: 'Outlet' }),
          ],
        },
        { timeMs: T0 + 10_000, samples: [normaliseV16Sample({ value: '1600' })] },
        {
          timeMs: T0 + 20_000,
          samples: [normaliseV16Sample({ value: '3', measurand: 'Power.Active.Import' })],
        },
      ]);
      await meter.flush();
      expect((await MeterStore.registerReadings(store, 921)).wh).toEqual([1500, 1600]);
      const samples = await meter.forTransaction(921);
      expect(samples.map((s) => [s.rawValue, s.value, s.unit, s.phase, s.location, s.format])).toEqual([
        ['7', 7, 'Wh', 'L1', undefined, undefined],
        ['9', 9, 'Wh', undefined, 'EV', undefined],
        ['a"b\\c\n', null, 'Wh', undefined, undefined, 'SignedData'],
        ['1.5', 1500, 'Wh', undefined, 'Outlet', undefined],
        ['1600', 1600, 'Wh', undefined, undefined, undefined],
        ['3', 3, 'W', undefined, undefined, undefined],
      ]);
      const byStation = await meter.forStation(station);
      expect(byStation.map((r) => r.rawValue)).toEqual(samples.map((s) => s.rawValue));
      expect(new Set(samples.map((r) => r.stationId))).toEqual(new Set([station]));
    });
  });

  it('dates a reading of year 0 when it arrived, so the batch it shares is stored', async () => {
    // Regression: the database refused year 0, and the batch with that reading was retried forever.
    await withMeterStore(driver, async (meter) => {
      meter.record({ stationId: 'YEAR-0', evseId: 1, connectorId: 1, transactionId: 941 }, [
        aReading(Date.parse('0000-01-01T00:00:00Z'), '10'),
      ]);
      meter.record({ stationId: 'YEAR-2025', evseId: 1, connectorId: 1, transactionId: 942 }, [
        aReading(T0 - 1_000, '20'),
      ]);
      await meter.flush();
      expect((await meter.forTransaction(941)).map((s) => [s.timeMs, s.rawValue])).toEqual([[T0, '10']]);
      expect((await meter.forTransaction(942)).map((s) => [s.timeMs, s.rawValue])).toEqual([
        [T0 - 1_000, '20'],
      ]);
    });
  });

  it('turns the sampled values stored one per row before migration 002 into readings', async () => {
    const t = await openTestStore(driver, { migrateUpTo: 1 });
    try {
      const insert = `INSERT INTO meter_values (station_id, transaction_id, evse_id, connector_id, sampled_at,
          measurand, phase, location, context, unit, value, raw_value, raw_unit, format, received_at)
        VALUES ($1, $2, 1, 2, $3, $4, $5, $6, 'Sample.Periodic', $7, $8, $9, $10, $11, $12)`;
      const at = new Date(T0);
      const rx = new Date(T0 + 2_000);
      const later = new Date(T0 + 60_000);
      const E = 'Energy.Active.Import.Register';
      const old: unknown[][] = [
        ['OLD-1', 931, at, 'Current.Import', 'L1', 'Outlet', 'A', 16, '16000', 'mA', null, rx],
        ['OLD-1', 931, at, E, null, 'Outlet', 'Wh', 1500, '1.5', 'kWh', null, rx],
        ['OLD-1', 931, at, E, null, 'Outlet', 'Wh', null, 'x', null, 'SignedData', rx],
        ['OLD-1', 931, later, E, 'L2', null, 'Wh', 700, '700', null, null, later],
        ['OLD-1', 931, later, E, null, null, 'Wh', 2500, '2500', null, null, later],
        ['OLD-2', null, at, 'SoC', null, 'EV', 'Percent', 40, '40', null, null, rx],
      ];
      for (const row of old) await t.store.query(insert, row);
      await migrate(t.store);
      const meter = new MeterStore({ store: t.store, clock: new VirtualClock({ startMs: T0 }) });
      expect((await MeterStore.registerReadings(t.store, 931)).wh).toEqual([1500, 2500]);
      const samples = await meter.forTransaction(931);
      expect(samples.map((s) => [s.timeMs, s.measurand, s.phase, s.value, s.rawValue, s.rawUnit])).toEqual([
        [T0, 'Current.Import', 'L1', 16, '16000', 'mA'],
        [T0, 'Energy.Active.Import.Register', undefined, 1500, '1.5', 'kWh'],
        [T0, 'Energy.Active.Import.Register', undefined, null, 'x', undefined],
        [T0 + 60_000, 'Energy.Active.Import.Register', 'L2', 700, '700', undefined],
        [T0 + 60_000, 'Energy.Active.Import.Register', undefined, 2500, '2500', undefined],
      ]);
      expect(samples.every((s) => s.connectorId === 2 && s.context === 'Sample.Periodic')).toBe(true);
      const { rows } = await t.store.query<{ station_id: string; n: number }>(
        'SELECT station_id, count(*)::int AS n FROM meter_readings GROUP BY station_id ORDER BY station_id',
      );
      expect(rows).toEqual([
        { station_id: 'OLD-1', n: 2 },
        { station_id: 'OLD-2', n: 1 },
      ]);
    } finally {
      await t.dispose();
    }
  });
});
