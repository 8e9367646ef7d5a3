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

/**
 * One frame as an element of the JSON document {@link INSERT} reads, with the payload embedded as
 * it is. Built when the frame is logged, as one flat string: a buffered frame holds no parsed
 * payload, record or frame text of its own, so a large fleet's log buffer is cheap to keep.
 */
function rowJson(frame: FrameRecord): string {
  const payload = payloadJsonOf(frame.raw, frame.messageType);
  const parts = [
    '{"t":"',
    new Date(frame.timeMs).toISOString(),
    '","s":',
    jsonText(frame.stationId),
    ',"d":',
    jsonText(frame.direction),
    ',"m":',
    jsonText(frame.messageType),
    ',"v":',
    jsonText(frame.verdict),
  ];
  if (frame.messageId !== undefined) parts.push(',"i":', jsonText(frame.messageId));
  if (frame.action !== undefined) parts.push(',"a":', jsonText(frame.action));
  // The payload is valid JSON already (see payloadJsonOf); an unpaired surrogate character in it
  // becomes U+FFFD when the document is encoded as UTF-8 for the database. The frame text is kept
  // only when there is no payload to keep.
  if (payload !== null) parts.push(',"p":', payload);
  else parts.push(',"r":', jsonText(frame.raw));
  if (frame.violations.length > 0) parts.push(',"w":', violationsJson(frame.violations));
  parts.push('}');
  // join copies into one string (a concatenation would keep the frame text alive through a slice).
  return parts.join('');
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
  readonly #writer: BatchWriter<string>;

  constructor(options: MessageLogOptions) {
    this.#store = options.store;
    this.#writer = new BatchWriter<string>({
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
    this.#writer.add(rowJson(frame));
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

  async #insert(rows: string[]): Promise<void> {
    await writeInBackground(this.#store, INSERT, [`[${rows.join(',')}]`]);
  }
}
