import type { Clock } from '../../common/clock.js';
import { BatchWriter } from '../store/batch-writer.js';
import type { Queryable, Store } from '../store/store.js';
import { settleBackgroundWrites, writeInBackground } from '../store/store.js';
import type { MeterReading, MeterSample } from './meter-sample.js';
import { DEFAULT_MEASURAND } from './meter-sample.js';

/** Where a batch of readings came from. */
export interface MeterSource {
  readonly stationId: string;
  readonly evseId: number;
  readonly connectorId: number;
  /** The CSMS transaction id the readings belong to, if any. */
  readonly transactionId?: number;
}

/** One stored sample, as the API shows it. */
export interface StoredSample extends MeterSample {
  readonly timeMs: number;
  readonly transactionId: number | null;
  readonly evseId: number;
  readonly connectorId: number;
}

/** What the samples of one MeterValue share: one object per reading, not per sample. */
interface ReadingContext {
  readonly stationId: string;
  readonly transactionId: number | null;
  readonly evseId: number;
  readonly connectorId: number;
  readonly sampledAt: Date;
  readonly receivedAt: Date;
}

/** One buffered sample with the context of its reading. */
interface Row {
  readonly sample: MeterSample;
  readonly reading: ReadingContext;
}

/** Options for {@link MeterStore}. */
export interface MeterStoreOptions {
  store: Store;
  clock: Clock;
  maxRows?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

const INSERT = `INSERT INTO meter_values
  (station_id, transaction_id, evse_id, connector_id, sampled_at, measurand, phase, location, context,
   unit, value, raw_value, raw_unit, format, received_at)
  SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::integer[], $5::timestamptz[],
   $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[],
   $14::text[], $15::timestamptz[])`;

/** Meter values, written in batches, read back per transaction. */
export class MeterStore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #writer: BatchWriter<Row>;

  constructor(options: MeterStoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#writer = new BatchWriter<Row>({
      clock: options.clock,
      write: (rows) => this.#insert(rows),
      settle: () => settleBackgroundWrites(options.store),
      ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
      ...(options.maxDelayMs === undefined ? {} : { maxDelayMs: options.maxDelayMs }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }

  /** Samples buffered, not yet written. */
  get pending(): number {
    return this.#writer.pending;
  }

  /** Buffers the samples of `readings`; they are written within the batch delay. */
  record(source: MeterSource, readings: readonly MeterReading[]): void {
    const receivedAt = new Date(this.#clock.now());
    const transactionId = source.transactionId ?? null;
    const rows: Row[] = [];
    for (const r of readings) {
      const reading: ReadingContext = {
        stationId: source.stationId,
        transactionId,
        evseId: source.evseId,
        connectorId: source.connectorId,
        sampledAt: Number.isFinite(r.timeMs) ? new Date(r.timeMs) : receivedAt,
        receivedAt,
      };
      for (const sample of r.samples) rows.push({ sample, reading });
    }
    this.#writer.add(...rows);
  }

  /** Writes everything buffered. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Every stored sample of a transaction, in time order (flush first for the latest). */
  async forTransaction(transactionId: number): Promise<StoredSample[]> {
    const { rows } = await this.#store.query<{
      transaction_id: number | null;
      evse_id: number;
      connector_id: number;
      sampled_at: Date;
      measurand: string;
      phase: string | null;
      location: string | null;
      context: string | null;
      unit: string | null;
      value: number | null;
      raw_value: string;
      raw_unit: string | null;
      format: string | null;
    }>(
      `SELECT transaction_id, evse_id, connector_id, sampled_at, measurand, phase, location, context, unit,
              value, raw_value, raw_unit, format
         FROM meter_values WHERE transaction_id = $1 ORDER BY sampled_at, id`,
      [transactionId],
    );
    return rows.map((r) => ({
      timeMs: r.sampled_at.getTime(),
      transactionId: r.transaction_id,
      evseId: r.evse_id,
      connectorId: r.connector_id,
      measurand: r.measurand,
      ...(r.phase === null ? {} : { phase: r.phase }),
      ...(r.location === null ? {} : { location: r.location }),
      ...(r.context === null ? {} : { context: r.context }),
      unit: r.unit ?? '',
      value: r.value,
      rawValue: r.raw_value,
      ...(r.raw_unit === null ? {} : { rawUnit: r.raw_unit }),
      ...(r.format === null ? {} : { format: r.format }),
    }));
  }

  /** The import register readings (Wh) of a transaction in time order, for the energy total. */
  static async registerReadingsWh(db: Queryable, transactionId: number): Promise<number[]> {
    const { rows } = await db.query<{ value: number }>(
      `SELECT value FROM meter_values
        WHERE transaction_id = $1 AND measurand = $2 AND phase IS NULL
          AND (location IS NULL OR location = 'Outlet') AND unit = 'Wh' AND value IS NOT NULL
        ORDER BY sampled_at, id`,
      [transactionId, DEFAULT_MEASURAND],
    );
    return rows.map((r) => r.value);
  }

  async #insert(rows: readonly Row[]): Promise<void> {
    // One array per column, in the order of INSERT (no array per row).
    const cols = [
      rows.map((r) => r.reading.stationId),
      rows.map((r) => r.reading.transactionId),
      rows.map((r) => r.reading.evseId),
      rows.map((r) => r.reading.connectorId),
      rows.map((r) => r.reading.sampledAt),
      rows.map((r) => r.sample.measurand),
      rows.map((r) => r.sample.phase ?? null),
      rows.map((r) => r.sample.location ?? null),
      rows.map((r) => r.sample.context ?? null),
      rows.map((r) => r.sample.unit),
      rows.map((r) => r.sample.value),
      rows.map((r) => r.sample.rawValue),
      rows.map((r) => r.sample.rawUnit ?? null),
      rows.map((r) => r.sample.format ?? null),
      rows.map((r) => r.reading.receivedAt),
    ];
    await writeInBackground(this.#store, INSERT, cols);
  }
}
