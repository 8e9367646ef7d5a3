import type { Clock } from '../../common/clock.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { storeBatchWriter } from '../store/store-batch-writer.js';
import type { StoreBatchOptions } from '../store/store-batch-writer.js';
import { DeflatedText, pageLines } from '../store/deflated-text.js';
import type { Queryable, Store } from '../store/store.js';
import { isStorableTimeMs } from '../store/storable-time.js';
import { writeInBackground } from '../store/store.js';
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
  /** When the CSMS received the reading, epoch ms (clock time). */
  readonly receivedMs: number;
  readonly stationId: string;
  readonly transactionId: number | null;
  readonly evseId: number;
  readonly connectorId: number;
}

/** Options for {@link MeterStore}: readings (MeterValues) per batch default to 500, the delay to 1,000 ms. */
export type MeterStoreOptions = StoreBatchOptions;

/** A reading waiting to be written, its samples already JSON (a buffered reading holds no objects). */
interface BufferedReading {
  readonly source: MeterSource;
  readonly sampledMs: number;
  readonly receivedMs: number;
  readonly energyWh: number | null;
  readonly samplesJson: string;
}

// A batch is one statement: the pages' columns as one JSON document, and each page's samples as
// compressed text (see DeflatedText), matched up by their place in the batch.
const INSERT = `INSERT INTO meter_pages
  (station_id, transaction_id, evse_id, connector_id, sampled_ms, received_ms, energy_wh, encoding, samples)
  SELECT p.s, p.t, p.e, p.c, p.at, p.rx, p.wh, 'deflate', decode(b.data, 'base64')
    FROM ROWS FROM (json_to_recordset($1::json)
           AS (s text, t integer, e integer, c integer, at bigint[], rx bigint[], wh float8[]))
           WITH ORDINALITY AS p(s, t, e, c, at, rx, wh, n)
    JOIN unnest($2::text[]) WITH ORDINALITY AS b(data, n) ON b.n = p.n
   ORDER BY p.n`;

interface PageRow {
  id: number;
  station_id: string;
  transaction_id: number | null;
  evse_id: number;
  connector_id: number;
  sampled_ms: number[];
  received_ms: number[];
  encoding: 'deflate' | 'none';
  samples: Uint8Array;
}

const PAGE_COLUMNS =
  'id, station_id, transaction_id, evse_id, connector_id, sampled_ms, received_ms, encoding, samples';

/** The readings of a batch grouped into pages: one per station, transaction, EVSE and connector. */
function pagesOf(readings: readonly BufferedReading[]): BufferedReading[][] {
  const pages = new Map<string, BufferedReading[]>();
  for (const r of readings) {
    const s = r.source;
    const key = `${s.transactionId ?? ''}|${s.evseId}|${s.connectorId}|${s.stationId}`;
    const page = pages.get(key);
    if (page === undefined) pages.set(key, [r]);
    else page.push(r);
  }
  return [...pages.values()];
}

/**
 * Meter values, written in batches a page at a time (`meter_pages`), read back per transaction or
 * station. Reading-level columns stay readable in SQL through the `meter_readings` view.
 */
export class MeterStore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #writer: BatchWriter<BufferedReading>;

  constructor(options: MeterStoreOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#writer = storeBatchWriter<BufferedReading>(options, (rows) => this.#insert(rows));
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
    for (const r of readings) {
      this.#writer.add({
        source,
        sampledMs: isStorableTimeMs(r.timeMs) ? r.timeMs : receivedMs,
        receivedMs,
        // JSON has no NaN or Infinity.
        energyWh: energyRegisterWh(r) ?? null,
        samplesJson: JSON.stringify(r.samples),
      });
    }
  }

  /** Writes everything buffered. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Every stored sample of a transaction, in time order (flush first for the latest). */
  forTransaction(transactionId: number): Promise<StoredSample[]> {
    return this.#samples('transaction_id = $1', transactionId);
  }

  /** Every stored sample of a station, in time order (flush first for the latest). */
  forStation(stationId: string): Promise<StoredSample[]> {
    return this.#samples('station_id = $1', stationId);
  }

  /**
   * The import register readings of a transaction in time order (by time, then page and place:
   * the order of `meter_readings`), for its energy total and its bill: their times (epoch ms) and
   * values (Wh), read from the pages' arrays as two arrays.
   */
  static async registerReadings(
    db: Queryable,
    transactionId: number,
  ): Promise<{ atMs: number[]; wh: number[] }> {
    const { rows } = await db.query<{ at: number[]; wh: number[] }>(
      `SELECT COALESCE(array_agg(r.at ORDER BY r.at, p.id, r.n), '{}') AS at,
              COALESCE(array_agg(r.wh ORDER BY r.at, p.id, r.n), '{}') AS wh
         FROM meter_pages p, unnest(p.sampled_ms, p.energy_wh) WITH ORDINALITY AS r(at, wh, n)
        WHERE p.transaction_id = $1 AND r.wh IS NOT NULL`,
      [transactionId],
    );
    return { atMs: rows[0]!.at, wh: rows[0]!.wh };
  }

  async #samples(where: string, key: number | string): Promise<StoredSample[]> {
    const { rows } = await this.#store.query<PageRow>(
      `SELECT ${PAGE_COLUMNS} FROM meter_pages WHERE ${where} ORDER BY id`,
      [key],
    );
    const readings: { timeMs: number; samples: StoredSample[] }[] = [];
    for (const page of rows) {
      const lines = pageLines(page.encoding, page.samples);
      if (lines.length !== page.sampled_ms.length) {
        throw new Error(
          `meter page ${page.id} holds ${lines.length} readings' samples for ${page.sampled_ms.length} readings`,
        );
      }
      lines.forEach((line, i) => {
        const context = {
          timeMs: page.sampled_ms[i]!,
          receivedMs: page.received_ms[i]!,
          stationId: page.station_id,
          transactionId: page.transaction_id,
          evseId: page.evse_id,
          connectorId: page.connector_id,
        };
        const samples = (JSON.parse(line) as MeterSample[]).map((sample) => ({
          ...context,
          ...sample,
          unit: sample.unit ?? '',
          value: sample.value ?? null,
        }));
        readings.push({ timeMs: context.timeMs, samples });
      });
    }
    // Pages in the order written, readings in the order received: a stable sort keeps that order
    // among readings of the same time.
    readings.sort((a, b) => a.timeMs - b.timeMs);
    return readings.flatMap((r) => r.samples);
  }

  async #insert(readings: readonly BufferedReading[]): Promise<void> {
    const pages = pagesOf(readings);
    const columns = pages.map((page) => {
      const s = page[0]!.source;
      return JSON.stringify({
        s: s.stationId,
        t: s.transactionId ?? null,
        e: s.evseId,
        c: s.connectorId,
        at: page.map((r) => r.sampledMs),
        rx: page.map((r) => r.receivedMs),
        wh: page.map((r) => r.energyWh),
      });
    });
    const samples = pages.map((page) => page.map((r) => r.samplesJson).join('\n'));
    await writeInBackground(this.#store, INSERT, [`[${columns.join(',')}]`, new DeflatedText(samples)]);
  }
}
