import type { Clock } from '../../common/clock.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import { BatchWriter } from '../store/batch-writer.js';
import type { Store } from '../store/store.js';
import { settleBackgroundWrites, writeInBackground } from '../store/store.js';
import { payloadJsonOf } from './frame-payload.js';

/** One logged frame, as the API shows it. */
export interface LoggedMessage {
  readonly id: number;
  /** Epoch ms (clock time) the frame was sent or received. */
  readonly timeMs: number;
  readonly stationId: string;
  readonly direction: string;
  readonly messageType: string;
  /** The OCPP-J message id: correlates a CALL with its CALLRESULT or CALLERROR. */
  readonly messageId: string | null;
  readonly action: string | null;
  /** The CALL/CALLRESULT payload, or `{ errorCode, errorDescription, errorDetails }`; null if not JSON. */
  readonly payload: unknown;
  /** The frame text, kept when it could not be parsed. */
  readonly raw: string | null;
  readonly verdict: string;
  readonly violations: readonly unknown[];
}

/** Filters for {@link MessageLog.query}. */
export interface MessageFilter {
  readonly stationId?: string;
  readonly action?: string;
  readonly messageType?: string;
  readonly messageId?: string;
  readonly direction?: string;
  /** At or after, epoch ms. */
  readonly fromMs?: number;
  /** Before, epoch ms. */
  readonly toMs?: number;
  /** Default 100, at most 10 000. */
  readonly limit?: number;
}

interface Row {
  /** Epoch ms. */
  timeMs: number;
  stationId: string;
  direction: string;
  messageType: string;
  messageId: string | null;
  action: string | null;
  /** JSON text, embedded in the batch document as it is. */
  payload: string | null;
  raw: string | null;
  verdict: string;
  /** JSON text, made storable (see {@link storableText}). */
  violations: string | null;
}

/** Options for {@link MessageLog}. */
export interface MessageLogOptions {
  store: Store;
  clock: Clock;
  maxRows?: number;
  maxDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * A batch is one JSON document, an array of one object per frame: the payloads go in as the text
 * they are (no array literal to escape them into, no second parse into jsonb). A key left out is
 * SQL null. The short keys keep the document small.
 */
const INSERT = `INSERT INTO messages
  (at, station_id, direction, message_type, message_id, action, payload, raw, verdict, violations)
  SELECT t, s, d, m, i, a, p, r, v, w
    FROM json_to_recordset($1::json)
      AS x(t timestamptz, s text, d text, m text, i text, a text, p json, r text, v text, w jsonb)`;

/** A UTF-16 surrogate, paired or not (the slow path checks which). */
const SURROGATE = /[\uD800-\uDFFF]/;
/** A surrogate that is not half of a high-low pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text PostgreSQL can store: NUL (which its text cannot hold) and unpaired surrogates (which have
 * no UTF-8 form, and whose JSON escapes PostgreSQL refuses) become U+FFFD, which is what UTF-8
 * encoding makes of an unpaired surrogate anyway; the text is otherwise kept as received.
 */
function storableText(text: string): string {
  if (!text.includes('\u0000') && !SURROGATE.test(text)) return text;
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/** A JSON string literal of the storable form of `text`. */
function jsonText(text: string): string {
  return JSON.stringify(storableText(text));
}

/** The JSON document {@link INSERT} reads: the rows' fields, the payloads embedded as they are. */
function batchJson(rows: readonly Row[]): string {
  let json = '[';
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n]!;
    json += n === 0 ? '{"t":"' : ',{"t":"';
    json += new Date(row.timeMs).toISOString();
    json += '","s":' + jsonText(row.stationId);
    json += ',"d":' + jsonText(row.direction);
    json += ',"m":' + jsonText(row.messageType);
    json += ',"v":' + jsonText(row.verdict);
    if (row.messageId !== null) json += ',"i":' + jsonText(row.messageId);
    if (row.action !== null) json += ',"a":' + jsonText(row.action);
    // Valid JSON already (see payloadJsonOf); an unpaired surrogate character in it becomes U+FFFD
    // when the document is encoded as UTF-8 for the database.
    if (row.payload !== null) json += ',"p":' + row.payload;
    if (row.raw !== null) json += ',"r":' + jsonText(row.raw);
    if (row.violations !== null) json += ',"w":' + row.violations;
    json += '}';
  }
  return json + ']';
}

/** Violations as JSON text with every string storable (a pointer may name any property). */
function violationsJson(violations: readonly unknown[]): string {
  return JSON.stringify(violations, (_key, value: unknown) =>
    typeof value === 'string' ? storableText(value) : value,
  );
}

/**
 * Every OCPP frame in both directions, with millisecond time, station, direction, message type,
 * action, payload, message id and validation verdict. Written in batches; `query` flushes first so
 * it always sees every frame logged before it.
 */
export class MessageLog {
  readonly #store: Store;
  readonly #writer: BatchWriter<Row>;

  constructor(options: MessageLogOptions) {
    this.#store = options.store;
    this.#writer = new BatchWriter<Row>({
      clock: options.clock,
      write: (rows) => this.#insert(rows),
      settle: () => settleBackgroundWrites(options.store),
      maxRows: options.maxRows ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 500,
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }

  /** Frames buffered, not yet written. */
  get pending(): number {
    return this.#writer.pending;
  }

  /** Logs one frame (a FrameTap). */
  record(frame: FrameRecord): void {
    const payload = payloadJsonOf(frame.raw, frame.messageType);
    this.#writer.add({
      timeMs: frame.timeMs,
      stationId: frame.stationId,
      direction: frame.direction,
      messageType: frame.messageType,
      messageId: frame.messageId ?? null,
      action: frame.action ?? null,
      payload,
      raw: payload === null ? frame.raw : null,
      verdict: frame.verdict,
      violations: frame.violations.length === 0 ? null : violationsJson(frame.violations),
    });
  }

  /** Writes everything buffered. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Logged frames matching `filter`, oldest first. */
  async query(filter: MessageFilter = {}): Promise<LoggedMessage[]> {
    await this.flush();
    const { rows } = await this.#store.query<{
      id: number;
      at: Date;
      station_id: string;
      direction: string;
      message_type: string;
      message_id: string | null;
      action: string | null;
      payload: unknown;
      raw: string | null;
      verdict: string;
      violations: unknown[] | null;
    }>(
      `SELECT id, at, station_id, direction, message_type, message_id, action, payload, raw, verdict, violations
         FROM messages
        WHERE ($1::text IS NULL OR station_id = $1) AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR message_type = $3) AND ($4::timestamptz IS NULL OR at >= $4)
          AND ($5::timestamptz IS NULL OR at < $5) AND ($6::text IS NULL OR message_id = $6)
          AND ($7::text IS NULL OR direction = $7)
        ORDER BY at, id LIMIT $8`,
      [
        filter.stationId ?? null,
        filter.action ?? null,
        filter.messageType ?? null,
        filter.fromMs === undefined ? null : new Date(filter.fromMs),
        filter.toMs === undefined ? null : new Date(filter.toMs),
        filter.messageId ?? null,
        filter.direction ?? null,
        Math.min(filter.limit ?? 100, 10_000),
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      timeMs: r.at.getTime(),
      stationId: r.station_id,
      direction: r.direction,
      messageType: r.message_type,
      messageId: r.message_id,
      action: r.action,
      payload: r.payload,
      raw: r.raw,
      verdict: r.verdict,
      violations: r.violations ?? [],
    }));
  }

  async #insert(rows: Row[]): Promise<void> {
    await writeInBackground(this.#store, INSERT, [batchJson(rows)]);
  }
}
