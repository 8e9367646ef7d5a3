import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { markDeflatedParams } from './deflated-text.js';
import { PgliteThread } from './pglite-thread.js';
import type { PgliteReply, PgliteRequest } from './pglite-thread.js';
import { SessionGate } from './session-gate.js';
import type { BackgroundWrites, Queryable, QueryResult, Store, StoreDriverOptions } from './store.js';
import { StoreError, tracked } from './store.js';

/** Options for {@link createPgliteStore}. */
export interface PgliteStoreOptions extends StoreDriverOptions {
  /** `:memory:` for a throw-away database, or a directory (created if missing). */
  dataDir: string;
  /**
   * A database image made by {@link PgliteStore.dumpImage} to start from, instead of creating a
   * new cluster (much faster: a migrated, empty image makes a fresh test database in a moment).
   */
  image?: Uint8Array;
  /**
   * `strict` (default): a caller that waits on a statement gets its answer before any other event
   * of this thread runs, as when PGlite ran in this thread, so a seeded simulation in virtual time
   * stays byte-for-byte reproducible. `concurrent`: this thread goes on with other work (frames,
   * timers) while the database answers: for a CSMS in real time, where nothing depends on that order.
   */
  ordering?: 'strict' | 'concurrent';
}

/** The embedded store, with the abilities only it has. */
export interface PgliteStore extends Store, BackgroundWrites {
  readonly driver: 'pglite';
  /** An image of the whole database (an uncompressed tar) that `image` can load into a new store. */
  dumpImage(): Promise<Uint8Array>;
}

const closedError = (): StoreError => new StoreError('store is closed');

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, zero set-up, run in a worker thread so
 * that the database works on another core than the protocol. The data lives in `dataDir` (or in
 * memory for `:memory:`). Statements run one at a time in the order they were issued; while a
 * transaction is open, statements outside it wait their turn. With `ordering: 'strict'` a caller
 * that waits on a statement gets its answer before any other event of this thread runs, and the
 * statement runs ahead of background writes still queued (a writer's `flush()` waits for those);
 * with `concurrent` this thread goes on with other work meanwhile. Writes in the background run
 * while this thread goes on, either way.
 */
export async function createPgliteStore(options: PgliteStoreOptions): Promise<PgliteStore> {
  const ordering = options.ordering ?? 'strict';
  if (ordering !== 'strict' && ordering !== 'concurrent') {
    throw new StoreError(`ordering must be 'strict' or 'concurrent', got ${String(ordering)}`);
  }
  const memory = options.dataDir === ':memory:';
  const location = memory ? ':memory:' : resolve(options.dataDir);
  if (!memory) {
    try {
      mkdirSync(location, { recursive: true });
    } catch (error) {
      throw new StoreError(`cannot create data directory ${location}: ${(error as Error).message}`);
    }
  }
  let thread: PgliteThread;
  try {
    thread = await PgliteThread.open({
      dataDir: memory ? undefined : location,
      ...(options.image === undefined ? {} : { image: options.image }),
    });
  } catch (error) {
    throw new StoreError(
      `cannot open the embedded database in ${location}: ${(error as Error).message} ` +
        '(is another process using this --data-dir? choose another directory or stop it)',
      { cause: error },
    );
  }
  const tracker = options.tracker;
  const gate = new SessionGate();
  let closing: Promise<void> | undefined;
  const inOrder = ordering === 'strict';

  const now = <R>(run: () => R): Promise<R> => {
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new StoreError(String(error)));
    }
  };
  // In strict ordering a statement runs ahead of background writes still queued (their effects
  // are seen after the writer's flush(), as with rows still buffered); a transaction's BEGIN does
  // not, so that no background write issued before it can land inside it.
  const ask = (request: PgliteRequest, ahead = true): Promise<PgliteReply> =>
    inOrder ? now(() => thread.requestNow(request, ahead)) : thread.request(request);
  const query = <T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> =>
    ask({ kind: 'query', sql, params: markDeflatedParams(params) }).then((reply) => ({
      rows: reply.rows as T[],
      rowCount: reply.rowCount,
    }));
  const exec = (sql: string, ahead = true): Promise<void> =>
    ask({ kind: 'exec', sql }, ahead).then(() => undefined);

  async function inTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const release = await gate.hold();
    let open = true;
    const whileOpen = <R>(run: () => Promise<R>): Promise<R> =>
      open ? run() : Promise.reject(new StoreError('transaction is finished'));
    const tx: Queryable = {
      query: (sql, params) => whileOpen(() => query(sql, params)),
      exec: (sql) => whileOpen(() => exec(sql)),
    };
    try {
      await exec('BEGIN', false);
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        open = false;
        await exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
      open = false;
      await exec('COMMIT');
      return result;
    } finally {
      open = false;
      release();
    }
  }

  return {
    driver: 'pglite',
    location,
    query: (sql, params) => {
      if (closing !== undefined) return Promise.reject(closedError());
      return tracked(
        tracker,
        gate.pass(() => query(sql, params)),
      );
    },
    exec: (sql) => {
      if (closing !== undefined) return Promise.reject(closedError());
      return tracked(
        tracker,
        gate.pass(() => exec(sql)),
      );
    },
    writeInBackground: (sql, params) => {
      if (closing !== undefined) return Promise.reject(closedError());
      return gate
        .pass(() => thread.request({ kind: 'query', sql, params: markDeflatedParams(params ?? []) }))
        .then(() => undefined);
    },
    // Only strict ordering needs its waiters to go on at a fixed point.
    settleBackgroundWrites: () => {
      if (inOrder) thread.settle();
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      if (closing !== undefined) return Promise.reject(closedError());
      return tracked(tracker, inTransaction(fn));
    },
    dumpImage: () => {
      if (closing !== undefined) return Promise.reject(closedError());
      return gate
        .pass(() => thread.request({ kind: 'dump' }))
        .then((reply) => {
          if (reply.image === undefined) throw new StoreError('the embedded database returned no image');
          return reply.image;
        });
    },
    close(): Promise<void> {
      closing ??= gate.pass(() => thread.close());
      return closing;
    },
  };
}
