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
  at: Date;
  stationId: string;
  direction: string;
  messageType: string;
  messageId: string | null;
  action: string | null;
  payload: string | null;
  raw: string | null;
  verdict: string;
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

const INSERT = `INSERT INTO messages
  (at, station_id, direction, message_type, message_id, action, payload, raw, verdict, violations)
  SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
   $7::jsonb[], $8::text[], $9::text[], $10::jsonb[])`;

/** Text PostgreSQL cannot store (NUL) made safe; the frame is otherwise kept as received. */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
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
      at: new Date(frame.timeMs),
      stationId: frame.stationId,
      direction: frame.direction,
      messageType: frame.messageType,
      messageId: frame.messageId ?? null,
      action: frame.action ?? null,
      payload,
      raw: payload === null ? storableText(frame.raw) : null,
      verdict: frame.verdict,
      violations: frame.violations.length === 0 ? null : JSON.stringify(frame.violations),
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
    // One array per column, in the order of INSERT (no array per row).
    const cols = [
      rows.map((r) => r.at),
      rows.map((r) => r.stationId),
      rows.map((r) => r.direction),
      rows.map((r) => r.messageType),
      rows.map((r) => r.messageId),
      rows.map((r) => r.action),
      rows.map((r) => r.payload),
      rows.map((r) => r.raw),
      rows.map((r) => r.verdict),
      rows.map((r) => r.violations),
    ];
    await writeInBackground(this.#store, INSERT, cols);
  }
}
