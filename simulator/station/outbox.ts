import { ConnectionClosedError, RpcTimeoutError } from '../../common/ocpp-errors.js';

/** One station-initiated message waiting to be sent. */
export interface OutboxMessage {
  /** The OCPP action, for events and diagnostics. */
  readonly action: string;
  /**
   * Transaction-related messages survive a lost connection and are sent in order on reconnect;
   * others (Heartbeat, StatusNotification, ...) are dropped while offline, as real chargers do.
   */
  readonly transactional: boolean;
  /** Performs the call; rejects like `RpcEndpoint.call`. */
  send(): Promise<void>;
}

/** Options for {@link Outbox}. */
export interface OutboxOptions {
  /** True when a message may be sent now (connected and registration accepted). */
  readonly canSend: () => boolean;
  /** Times a transactional message answered with a CALLERROR is tried before it is given up. Default 3. */
  readonly maxAttempts?: number;
  /** Told about every message given up, with the last error. */
  readonly onGivenUp?: (message: OutboxMessage, error: unknown) => void;
  /** Told about every non-transactional message that failed (it is not retried). */
  readonly onFailed?: (message: OutboxMessage, error: unknown) => void;
}

/**
 * The station's single ordered way out: every message it starts goes through here, one at a time,
 * in the order it was produced. Transactional messages wait while offline (the 1.6 §3.13.6 /
 * 2.0.1 E04 offline queue) and are never lost; when the link breaks mid-call the message stays at
 * the head and is sent again after reconnecting.
 */
export class Outbox {
  readonly #queue: OutboxMessage[] = [];
  /** Times the message at the head of the queue has been tried (only the head is ever tried). */
  #headAttempts = 0;
  readonly #maxAttempts: number;
  #flushing: Promise<void> | undefined;
  #idleWaiters: (() => void)[] = [];
  /** Runs after every flush (one function for the outbox's life, not one per message). */
  readonly #afterFlush = (): void => {
    this.#flushing = undefined;
    if (this.#queue.length > 0 && this.options.canSend()) this.kick();
    else this.#notifyIdle();
  };

  constructor(private readonly options: OutboxOptions) {
    this.#maxAttempts = options.maxAttempts ?? 3;
  }

  /** Messages waiting. */
  get size(): number {
    return this.#queue.length;
  }

  /** Transactional messages waiting (what would be replayed after a reconnect). */
  get pendingTransactional(): number {
    let n = 0;
    for (const m of this.#queue) if (m.transactional) n++;
    return n;
  }

  /** Adds a message; non-transactional messages are dropped at once while sending is not possible. */
  push(message: OutboxMessage | undefined): void {
    if (message === undefined) return;
    if (!message.transactional && !this.options.canSend()) return;
    this.#queue.push(message);
    this.kick();
  }

  /** Starts sending if possible (call after a reconnect and accepted boot). */
  kick(): void {
    if (this.#flushing !== undefined || !this.options.canSend()) return;
    this.#flushing = this.#flush().finally(this.#afterFlush);
  }

  /** Resolves when nothing is queued or sending is not possible right now. */
  whenIdle(): Promise<void> {
    if (this.#flushing === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops non-transactional messages (after the link is lost); transactional ones stay. */
  dropVolatile(): void {
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      if (!this.#queue[i]!.transactional && i > 0) this.#queue.splice(i, 1);
    }
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0 && this.options.canSend()) {
      const head = this.#queue[0]!;
      try {
        this.#headAttempts++;
        await head.send();
        this.#shift();
      } catch (error) {
        if (error instanceof ConnectionClosedError) {
          if (!head.transactional) this.#shift();
          return; // resumes on reconnect
        }
        if (!head.transactional) {
          this.#shift();
          this.options.onFailed?.(head, error);
          continue;
        }
        if (this.#headAttempts >= this.#maxAttempts || !isRetryable(error)) {
          this.#shift();
          this.options.onGivenUp?.(head, error);
        }
      }
    }
  }

  /** Drops the head; the next message starts with no attempts. */
  #shift(): void {
    this.#queue.shift();
    this.#headAttempts = 0;
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** A CALLERROR answer may be transient (InternalError); anything else will not change on retry. */
function isRetryable(error: unknown): boolean {
  return (
    error instanceof RpcTimeoutError ||
    (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'InternalError')
  );
}
