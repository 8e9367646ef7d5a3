import { isFrameParseError, parseFrame } from '../../common/ocpp-frame.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { storeBatchWriter } from '../store/store-batch-writer.js';
import type { StoreBatchOptions } from '../store/store-batch-writer.js';
import { DeflatedText, pageLines } from '../store/deflated-text.js';
import type { Store } from '../store/store.js';
import { writeInBackground } from '../store/store.js';
import { pageRowOf, readPageLine } from './page-line.js';
import type { PageLine } from './page-line.js';

/** One logged frame, as the API shows it: the page line, numbered, with its payload read out. */
export interface LoggedMessage extends PageLine {
  /** Frames are numbered from 1 in the order they were logged. */
  readonly id: number;
  /** The CALL/CALLRESULT payload, or `{ errorCode, errorDescription, errorDetails }`; null if not JSON. */
  readonly payload: unknown;
  /** The frame text when it could not be read as an OCPP-J message (`payload` is then null). */
  readonly raw: string | null;
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

/** Options for {@link MessageLog}: frames per page (and per write) default to 1,000, at most
 * {@link MAX_PAGE_FRAMES}; the delay to 500 ms. */
export type MessageLogOptions = StoreBatchOptions;

/** The most frames one page holds. */
export const MAX_PAGE_FRAMES = 10_000;

/** The page takes the next frame number after the last page's frames. */
const INSERT = `INSERT INTO message_pages
  (first_id, frame_count, first_at, last_at, station_ids, actions, encoding, frames)
  SELECT coalesce(max(first_id + frame_count), 1), $1, $2, $3, $4, $5, 'deflate', decode($6, 'base64')
    FROM message_pages`;

/** Pages read per query round trip while looking for matching frames. */
const PAGES_PER_READ = 8;

const SELECT_PAGES = `SELECT first_id, encoding, frames FROM message_pages
  WHERE first_id > $1 AND ($2::text IS NULL OR $2 = ANY (station_ids))
    AND ($3::text IS NULL OR $3 = ANY (actions))
    AND ($4::timestamptz IS NULL OR last_at >= $4) AND ($5::timestamptz IS NULL OR first_at < $5)
  ORDER BY first_id LIMIT ${PAGES_PER_READ}`;

function matches(line: PageLine, filter: MessageFilter): boolean {
  return (
    (filter.stationId === undefined || line.stationId === filter.stationId) &&
    (filter.action === undefined || line.action === filter.action) &&
    (filter.messageType === undefined || line.messageType === filter.messageType) &&
    (filter.messageId === undefined || line.messageId === filter.messageId) &&
    (filter.direction === undefined || line.direction === filter.direction) &&
    (filter.fromMs === undefined || line.timeMs >= filter.fromMs) &&
    (filter.toMs === undefined || line.timeMs < filter.toMs)
  );
}

/** The frame's payload as the API shows it, or undefined when the text is no OCPP-J message. */
function payloadOf(text: string): unknown {
  const frame = parseFrame(text);
  if (isFrameParseError(frame)) return undefined;
  if (frame.type !== 'CALLERROR') return frame.payload;
  const { errorCode, errorDescription, errorDetails } = frame;
  return { errorCode, errorDescription, errorDetails };
}

function loggedMessage(id: number, line: PageLine): LoggedMessage {
  const payload = line.messageType === 'INVALID' ? undefined : payloadOf(line.text);
  return { id, ...line, payload: payload ?? null, raw: payload === undefined ? line.text : null };
}

/**
 * Every OCPP frame in both directions, with millisecond time, station, direction, message type,
 * action, message id, validation verdict and the frame's exact text. Frames are buffered and
 * written a page at a time, compressed together (`message_pages`); `query` flushes first so it
 * always sees every frame logged before it.
 */
export class MessageLog {
  readonly #store: Store;
  readonly #writer: BatchWriter<FrameRecord>;

  constructor(options: MessageLogOptions) {
    const maxRows = options.maxRows ?? 1000;
    if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > MAX_PAGE_FRAMES) {
      throw new Error(`MessageLog maxRows must be an integer from 1 to ${MAX_PAGE_FRAMES}, got ${maxRows}`);
    }
    this.#store = options.store;
    const maxDelayMs = options.maxDelayMs ?? 500;
    this.#writer = storeBatchWriter<FrameRecord>({ ...options, maxRows, maxDelayMs }, (frames) =>
      this.#insert(frames),
    );
  }

  /** Frames buffered, not yet written. */
  get pending(): number {
    return this.#writer.pending;
  }

  /** Logs one frame (a FrameTap). */
  record(frame: FrameRecord): void {
    // The record itself waits: its line is written on the database's side, where the page is
    // compressed (see DeflatedText).
    this.#writer.add(frame);
  }

  /** Writes everything buffered. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Logged frames matching `filter`, in the order they were logged (time order). */
  async query(filter: MessageFilter = {}): Promise<LoggedMessage[]> {
    await this.flush();
    const limit = Math.max(0, Math.min(filter.limit ?? 100, 10_000));
    const out: LoggedMessage[] = [];
    // A line holds each string field as JSON text: one without a field's text cannot match, and
    // is passed over unparsed.
    const needles = [filter.stationId, filter.action, filter.messageType, filter.messageId, filter.direction]
      .filter((v) => v !== undefined)
      .map((v) => JSON.stringify(v));
    let after = 0;
    while (out.length < limit) {
      const { rows } = await this.#store.query<{
        first_id: number;
        encoding: 'deflate' | 'none';
        frames: Uint8Array;
      }>(SELECT_PAGES, [
        after,
        filter.stationId ?? null,
        filter.action ?? null,
        filter.fromMs === undefined ? null : new Date(filter.fromMs),
        filter.toMs === undefined ? null : new Date(filter.toMs),
      ]);
      for (const page of rows) {
        const lines = pageLines(page.encoding, page.frames);
        for (let i = 0; i < lines.length && out.length < limit; i++) {
          const text = lines[i]!;
          if (!needles.every((n) => text.includes(n))) continue;
          const line = readPageLine(text);
          if (matches(line, filter)) out.push(loggedMessage(page.first_id + i, line));
        }
        after = page.first_id;
      }
      if (rows.length < PAGES_PER_READ) break;
    }
    return out;
  }

  async #insert(frames: readonly FrameRecord[]): Promise<void> {
    const stations = new Set<string>();
    const actions = new Set<string>();
    // A real clock may step back: the page's span covers every frame whatever their order.
    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const f of frames) {
      stations.add(f.stationId);
      if (f.action !== undefined) actions.add(f.action);
      firstMs = Math.min(firstMs, f.timeMs);
      lastMs = Math.max(lastMs, f.timeMs);
    }
    await writeInBackground(this.#store, INSERT, [
      frames.length,
      new Date(firstMs),
      new Date(lastMs),
      [...stations],
      [...actions],
      new DeflatedText({ jsonLines: frames.map(pageRowOf) }),
    ]);
  }
}
