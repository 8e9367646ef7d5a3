import type { Clock, TimerHandle } from '../../common/clock.js';

/** Options for {@link BatchWriter}. */
export interface BatchWriterOptions<Row> {
  clock: Clock;
  /** Writes one batch (one statement, ideally). Rejecting keeps the rows for the next attempt. */
  write: (rows: Row[]) => Promise<void>;
  /** Flush when this many rows are buffered. Default 500. */
  maxRows?: number;
  /** Flush at most this many ms (clock time) after the first buffered row. Default 1000. */
  maxDelayMs?: number;
  /**
   * Makes writes already issued in the background finish now, before a `flush()` caller waits on
   * them (`() => settleBackgroundWrites(store)`; see `BackgroundWrites`). Default: nothing.
   */
  settle?: () => void;
  /** Told about a failed write (the rows stay buffered and are retried). */
  onError?: (error: unknown) => void;
}

/**
 * Buffers rows and writes them in batches, so a large fleet does not cost one database round trip
 * per frame. A full batch is written at once; rows that do not fill one wait for the delay (or a
 * `flush()`), so batches stay full while the database is slower than the rows come in. Rows are
 * written in the order they were added; a failed write keeps them buffered (nothing accepted is
 * dropped) and retries at the next flush.
 */
export class BatchWriter<Row> {
  readonly #clock: Clock;
  readonly #write: (rows: Row[]) => Promise<void>;
  readonly #maxRows: number;
  readonly #maxDelayMs: number;
  readonly #onError: (error: unknown) => void;
  #buffer: Row[] = [];
  #timer: TimerHandle | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #written = 0;
  readonly #settle: () => void;
  /** Callers of `flush()` still waiting: writes then settle at once (see the `settle` option). */
  #waiters = 0;
  /** Writes issued whose promise has not settled yet. */
  #inFlight = 0;

  constructor(options: BatchWriterOptions<Row>) {
    const maxRows = options.maxRows ?? 500;
    const maxDelayMs = options.maxDelayMs ?? 1000;
    if (!Number.isInteger(maxRows) || maxRows < 1) {
      throw new Error(`BatchWriter maxRows must be a positive integer, got ${maxRows}`);
    }
    if (!(maxDelayMs >= 0)) throw new Error(`BatchWriter maxDelayMs must be >= 0, got ${maxDelayMs}`);
    this.#clock = options.clock;
    this.#write = options.write;
    this.#maxRows = maxRows;
    this.#maxDelayMs = maxDelayMs;
    this.#onError = options.onError ?? (() => undefined);
    this.#settle = options.settle ?? (() => undefined);
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Rows written so far. */
  get written(): number {
    return this.#written;
  }

  /** Buffers rows; writes full batches at once, and arms the flush timer for the rest. */
  add(...rows: Row[]): void {
    if (rows.length === 0) return;
    this.#buffer.push(...rows);
    if (this.#buffer.length >= this.#maxRows) this.#flushInBackground(false);
    else this.#armTimer();
  }

  /**
   * Writes everything buffered so far (waiting for any write in progress first). Rejects when the
   * write fails; the rows then stay buffered. A write in the background that this waits for is
   * settled at once, so the caller goes on at a point that does not depend on wall time.
   */
  flush(): Promise<void> {
    this.#waiters++;
    // Only a write of this writer's own can be waited on: with none in flight, the database thread
    // is not asked to finish everything queued before (other writers' batches) first.
    if (this.#inFlight > 0) this.#settle();
    const run = this.#startFlush(true);
    const done = (): void => {
      this.#waiters--;
    };
    run.then(done, done);
    return run;
  }

  /** Queues a drain: of every buffered row (`all`), or of full batches only. */
  #startFlush(all: boolean): Promise<void> {
    if (all && this.#timer !== undefined) {
      this.#clock.clearTimer(this.#timer);
      this.#timer = undefined;
    }
    const run = this.#flushing.then(() => this.#drain(all));
    this.#flushing = run.catch(() => undefined);
    return run;
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#buffer.length === 0) return;
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      this.#flushInBackground(true);
    }, this.#maxDelayMs);
  }

  /**
   * Writes the rows buffered when it starts (`all`) and any full batch. Rows that come in while it
   * writes wait for the next trigger unless they fill a batch: a database slower than the rows
   * come gets full batches, not a trickle of small ones.
   */
  async #drain(all: boolean): Promise<void> {
    let due = all ? this.#buffer.length : 0;
    while (due > 0 || this.#buffer.length >= this.#maxRows) {
      const batch = this.#buffer.splice(0, this.#maxRows);
      due = Math.max(0, due - batch.length);
      this.#inFlight++;
      try {
        const written = this.#write(batch);
        if (this.#waiters > 0) this.#settle();
        await written;
        this.#written += batch.length;
      } catch (error) {
        this.#buffer.unshift(...batch);
        throw error;
      } finally {
        this.#inFlight--;
      }
    }
    this.#armTimer();
  }

  #flushInBackground(all: boolean): void {
    this.#startFlush(all).catch((error: unknown) => {
      this.#onError(error);
      if (this.#timer === undefined && this.#buffer.length > 0) {
        this.#timer = this.#clock.setTimer(
          () => {
            this.#timer = undefined;
            this.#flushInBackground(true);
          },
          Math.max(this.#maxDelayMs, 1000),
        );
      }
    });
  }
}
