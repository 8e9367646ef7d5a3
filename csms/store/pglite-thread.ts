import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source.js';
import { StoreError } from './store.js';

/** What to open in the database thread. */
export interface PgliteThreadOptions {
  /** An absolute data directory, or `undefined` for a database in memory. */
  dataDir: string | undefined;
  /** A database image (from {@link PgliteThread.dump}) to start from instead of a new cluster. */
  image?: Uint8Array;
  /**
   * Caps the thread's JS heap (MB). A result too large for it stops the thread, and every pending
   * request rejects. Default: Node's own limit.
   */
  maxHeapMb?: number;
  /** How long {@link PgliteThread.requestNow} waits for an answer before it gives up. Default 120 s. */
  answerTimeoutMs?: number;
}

/** One request to the database thread. */
export type PgliteRequest =
  | { kind: 'query'; sql: string; params: readonly unknown[] }
  | { kind: 'exec'; sql: string }
  | { kind: 'dump' }
  | { kind: 'ping' }
  | { kind: 'close' };

/** A successful answer of the database thread. */
export interface PgliteReply {
  rows: unknown[];
  rowCount: number;
  /** The database image, for a `dump` request. */
  image?: Uint8Array;
}

/** What the thread tells about a failed statement: PostgreSQL's message and error fields. */
interface WorkerErrorFields {
  message: string;
  [field: string]: string | number;
}

type WorkerMessage =
  | { ready: true }
  | { ready: false; message: string }
  | ({ id: number; ok: true } & PgliteReply)
  | { id: number; ok: false; error: WorkerErrorFields };

interface Pending {
  resolve: (reply: PgliteReply) => void;
  reject: (error: Error) => void;
}

/** The SQLSTATE and other fields PostgreSQL gave with an error, kept as the cause of a StoreError. */
export class DatabaseErrorFields extends Error {
  override readonly name = 'DatabaseError';
  /** SQLSTATE, e.g. `23505` for a unique violation. */
  readonly code: string | undefined;
  /** Every field the database reported (`detail`, `hint`, `constraint`, …). */
  readonly fields: Readonly<Record<string, string | number>>;
  constructor(fields: WorkerErrorFields) {
    super(fields.message);
    this.fields = fields;
    this.code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  }
}

function databaseError(fields: WorkerErrorFields): StoreError {
  return new StoreError(fields.message, { cause: new DatabaseErrorFields(fields) });
}

let pglitePath: string | undefined;

/**
 * PGlite running in a `node:worker_threads` thread, so the database works on another core than
 * the protocol. Requests are answered in the order they were posted. While requests are pending
 * the thread keeps the process alive; when idle it does not, so a finished program exits.
 */
export class PgliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #answered: Int32Array;
  readonly #answerPort: MessagePort;
  readonly #answerTimeoutMs: number;
  #nextId = 1;
  #failure: StoreError | undefined;
  #closing = false;

  private constructor(
    worker: Worker,
    answered: Int32Array,
    answerPort: MessagePort,
    answerTimeoutMs: number,
  ) {
    this.#worker = worker;
    this.#answered = answered;
    this.#answerPort = answerPort;
    this.#answerTimeoutMs = answerTimeoutMs;
    answerPort.on('message', (message: WorkerMessage) => this.#answer(message));
    answerPort.unref();
    worker.on('error', (error: Error) =>
      this.#fail(`the embedded database thread failed: ${error.message}`, error),
    );
    worker.on('messageerror', (error: Error) =>
      this.#fail(`a message from the embedded database thread could not be read: ${error.message}`, error),
    );
    worker.on('exit', (code: number) => {
      if (!this.#closing) this.#fail(`the embedded database thread exited (code ${code})`);
    });
  }

  /**
   * Starts the thread and opens the database in it. Rejects with the database's own message when
   * it cannot open (the thread is then stopped).
   */
  static open(options: PgliteThreadOptions): Promise<PgliteThread> {
    pglitePath ??= createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const { port1: answerPort, port2: workerAnswerPort } = new MessageChannel();
    const worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      workerData: {
        pglitePath,
        dataDir: options.dataDir,
        image: options.image,
        answered,
        answerPort: workerAnswerPort,
      },
      transferList: [workerAnswerPort],
      ...(options.maxHeapMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } }),
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number): void =>
        reject(new Error(`the embedded database thread exited (code ${code}) before the database opened`));
      const onError = (error: Error): void => {
        worker.off('exit', onExit);
        reject(error);
      };
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.once('message', (message: WorkerMessage) => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        if ('ready' in message && message.ready) {
          const timeoutMs = options.answerTimeoutMs ?? 120_000;
          const thread = new PgliteThread(worker, answered, answerPort, timeoutMs);
          worker.unref();
          resolve(thread);
        } else {
          const reason = 'message' in message ? message.message : 'unexpected first message';
          void worker.terminate().finally(() => reject(new Error(reason)));
        }
      });
    });
  }

  /** Posts a request; resolves with the thread's answer, rejects with a StoreError. */
  request(request: PgliteRequest): Promise<PgliteReply> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<PgliteReply>((resolve, reject) => {
      if (this.#pending.size === 0) {
        this.#worker.ref();
        this.#answerPort.ref();
      }
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ...request });
    });
  }

  /**
   * Posts a request and blocks this thread until the answer is there: the caller gets it before
   * any other event runs, exactly as when the database ran in this thread, so the order of
   * everything else stays what it was (same seed, same frames). Requests posted earlier with
   * {@link request} run first, and their promises are settled on the way; with `ahead`, this one
   * runs before those still waiting instead (only the statement running now finishes first), so a
   * caller never waits behind queued background writes. Throws a StoreError.
   */
  requestNow(request: PgliteRequest, ahead = false): PgliteReply {
    if (this.#failure !== undefined) throw this.#failure;
    const id = this.#nextId++;
    Atomics.store(this.#answered, 0, 0);
    this.#worker.postMessage({ id, now: true, ahead, ...request });
    const started = performance.now();
    while (Atomics.wait(this.#answered, 0, 0, 1_000) === 'timed-out') {
      if (performance.now() - started > this.#answerTimeoutMs) {
        this.#fail(
          `the embedded database thread did not answer within ${this.#answerTimeoutMs} ms (has it crashed?)`,
        );
        throw this.#failure!;
      }
    }
    // Every answer posted before this one is queued ahead of it on the same port (answers of
    // requests this one overtook come after it, and are settled when they arrive).
    for (;;) {
      const received: { message: WorkerMessage } | undefined = receiveMessageOnPort(this.#answerPort);
      const message = received?.message;
      if (message === undefined) {
        this.#fail('the embedded database thread lost an answer');
        throw this.#failure!;
      }
      if (!('id' in message) || message.id !== id) {
        this.#answer(message);
        continue;
      }
      if (!message.ok) throw databaseError(message.error);
      return message;
    }
  }

  /**
   * Blocks until every request posted so far is answered and settles their promises now, so that
   * code waiting on a background write goes on at a point that does not depend on wall time.
   */
  settle(): void {
    if (this.#pending.size === 0 || this.#failure !== undefined || this.#closing) return;
    try {
      this.requestNow({ kind: 'ping' });
    } catch {
      // The thread failed: every pending request has been rejected with the reason.
    }
  }

  /** Closes the database after every request already posted, then stops the thread. */
  async close(): Promise<void> {
    try {
      if (this.#failure === undefined) await this.request({ kind: 'close' });
    } finally {
      this.#closing = true;
      await this.#worker.terminate();
    }
  }

  #answer(message: WorkerMessage): void {
    if (!('id' in message)) return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) {
      this.#worker.unref();
      this.#answerPort.unref();
    }
    if (message.ok) pending.resolve(message);
    else pending.reject(databaseError(message.error));
  }

  #fail(message: string, cause?: Error): void {
    this.#failure ??= new StoreError(message, cause === undefined ? undefined : { cause });
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#worker.unref();
    this.#answerPort.unref();
    for (const p of pending) p.reject(this.#failure);
  }
}
