import type { Clock } from '../../common/clock.js';
import { BatchWriter } from '../store/batch-writer.js';
import type { Queryable, Store } from '../store/store.js';
import { isStorableTimeMs } from '../store/storable-time.js';
import { settleBackgroundWrites, writeInBackground } from '../store/store.js';
import type { MeterReading, MeterSample } from './meter-sample.js';
import { energyRegisterWh } from './meter-sample.js';

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

/** Options for {@link MeterStore}. */
export interface MeterStoreOptions {
  store: Store;
  clock: Clock;
  /** Readings (MeterValues) per batch. */
  maxRows?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

// The batch goes as one JSON document: each reading's samples are embedded as JSON as they are,
// with no array-literal quoting for the database to undo.
const INSERT = `INSERT INTO meter_readings
  (station_id, transaction_id, evse_id, connector_id, sampled_at, received_at, energy_wh, samples)
  SELECT s, t, e, c, at, rx, wh, samples FROM json_to_recordset($1::json)
    AS r(s text, t integer, e integer, c integer, at timestamptz, rx timestamptz, wh float8, samples json)`;

/**
 * A reading as one element of the INSERT's JSON document, made when it is recorded: one flat
 * string, so a buffered reading holds no samples or parsed payload of its own. The energy register
 * is null when there is none (JSON has no NaN or Infinity).
 */
function readingJson(
  source: MeterSource,
  sampledAt: string,
  receivedAt: string,
  energyWh: number | undefined,
  samples: readonly MeterSample[],
): string {
  return JSON.stringify({
    s: source.stationId,
    t: source.transactionId ?? null,
    e: source.evseId,
    c: source.connectorId,
    at: sampledAt,
    rx: receivedAt,
    wh: energyWh ?? null,
    samples,
  });
}

/** Meter values, written in batches, read back per transaction. */
export class MeterStore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #writer: BatchWriter<string>;

  constructor(options: MeterStoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#writer = new BatchWriter<string>({
      clock: options.clock,
      write: (rows) => this.#insert(rows),
      settle: () => settleBackgroundWrites(options.store),
      ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
      ...(options.maxDelayMs === undefined ? {} : { maxDelayMs: options.maxDelayMs }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }

  /** Readings (MeterValues) buffered, not yet written. */
  get pending(): number {
    return this.#writer.pending;
  }

  /**
   * Buffers `readings`; they are written within the batch delay. A reading without a time the
   * store can hold (none, or one such as year 0) is dated when it arrived.
   */
  record(source: MeterSource, readings: readonly MeterReading[]): void {
    const receivedMs = this.#clock.now();
    const receivedAt = new Date(receivedMs).toISOString();
    for (const r of readings) {
      const sampledAt = isStorableTimeMs(r.timeMs) ? new Date(r.timeMs).toISOString() : receivedAt;
      this.#writer.add(readingJson(source, sampledAt, receivedAt, energyRegisterWh(r), r.samples));
    }
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
      samples: MeterSample[];
    }>(
      `SELECT transaction_id, evse_id, connector_id, sampled_at, samples
         FROM meter_readings WHERE transaction_id = $1 ORDER BY sampled_at, id`,
      [transactionId],
    );
    const out: StoredSample[] = [];
    for (const r of rows) {
      const context = {
        timeMs: r.sampled_at.getTime(),
        transactionId: r.transaction_id,
        evseId: r.evse_id,
        connectorId: r.connector_id,
      };
      for (const sample of r.samples) {
        out.push({ ...context, ...sample, unit: sample.unit ?? '', value: sample.value ?? null });
      }
    }
    return out;
  }

  /** The import register readings (Wh) of a transaction in time order, for the energy total. */
  static async registerReadingsWh(db: Queryable, transactionId: number): Promise<number[]> {
    const { rows } = await db.query<{ energy_wh: number }>(
      `SELECT energy_wh FROM meter_readings
        WHERE transaction_id = $1 AND energy_wh IS NOT NULL
        ORDER BY sampled_at, id`,
      [transactionId],
    );
    return rows.map((r) => r.energy_wh);
  }

  async #insert(rows: readonly string[]): Promise<void> {
    await writeInBackground(this.#store, INSERT, [`[${rows.join(',')}]`]);
  }
}
