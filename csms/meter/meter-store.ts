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

/**
 * What the samples buffered in the writer share with their MeterValue, one entry per sample in the
 * writer's order (the writer takes batches from the front and puts a failed one back there).
 */
interface SampleContext {
  readonly stationId: string[];
  readonly transactionId: (number | null)[];
  readonly evseId: number[];
  readonly connectorId: number[];
  readonly sampledAt: Date[];
  readonly receivedAt: Date[];
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
  readonly #writer: BatchWriter<MeterSample>;
  readonly #context: SampleContext = {
    stationId: [],
    transactionId: [],
    evseId: [],
    connectorId: [],
    sampledAt: [],
    receivedAt: [],
  };

  constructor(options: MeterStoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#writer = new BatchWriter<MeterSample>({
      clock: options.clock,
      write: (samples) => this.#insert(samples),
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
    const ctx = this.#context;
    const samples: MeterSample[] = [];
    for (const reading of readings) {
      const sampledAt = Number.isFinite(reading.timeMs) ? new Date(reading.timeMs) : receivedAt;
      for (const sample of reading.samples) {
        samples.push(sample);
        ctx.stationId.push(source.stationId);
        ctx.transactionId.push(transactionId);
        ctx.evseId.push(source.evseId);
        ctx.connectorId.push(source.connectorId);
        ctx.sampledAt.push(sampledAt);
        ctx.receivedAt.push(receivedAt);
      }
    }
    this.#writer.add(...samples);
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

  async #insert(samples: MeterSample[]): Promise<void> {
    const n = samples.length;
    const ctx = this.#context;
    const taken = {
      stationId: ctx.stationId.splice(0, n),
      transactionId: ctx.transactionId.splice(0, n),
      evseId: ctx.evseId.splice(0, n),
      connectorId: ctx.connectorId.splice(0, n),
      sampledAt: ctx.sampledAt.splice(0, n),
      receivedAt: ctx.receivedAt.splice(0, n),
    };
    const measurand = new Array<string>(n);
    const phase = new Array<string | null>(n);
    const location = new Array<string | null>(n);
    const context = new Array<string | null>(n);
    const unit = new Array<string>(n);
    const value = new Array<number | null>(n);
    const rawValue = new Array<string>(n);
    const rawUnit = new Array<string | null>(n);
    const format = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const s = samples[i]!;
      measurand[i] = s.measurand;
      phase[i] = s.phase ?? null;
      location[i] = s.location ?? null;
      context[i] = s.context ?? null;
      unit[i] = s.unit;
      value[i] = s.value;
      rawValue[i] = s.rawValue;
      rawUnit[i] = s.rawUnit ?? null;
      format[i] = s.format ?? null;
    }
    const cols = [
      taken.stationId,
      taken.transactionId,
      taken.evseId,
      taken.connectorId,
      taken.sampledAt,
      measurand,
      phase,
      location,
      context,
      unit,
      value,
      rawValue,
      rawUnit,
      format,
      taken.receivedAt,
    ];
    try {
      await writeInBackground(this.#store, INSERT, cols);
    } catch (error) {
      // The writer puts the samples back in front of its buffer: their context goes back too.
      ctx.stationId.unshift(...taken.stationId);
      ctx.transactionId.unshift(...taken.transactionId);
      ctx.evseId.unshift(...taken.evseId);
      ctx.connectorId.unshift(...taken.connectorId);
      ctx.sampledAt.unshift(...taken.sampledAt);
      ctx.receivedAt.unshift(...taken.receivedAt);
      throw error;
    }
  }
}
