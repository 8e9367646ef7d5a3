import type { ActivityTracker } from '../../common/activity-tracker.js';

/** Rows and count of one statement. */
export interface QueryResult<T> {
  readonly rows: T[];
  /** Rows inserted, updated or deleted (or returned, for a SELECT). */
  readonly rowCount: number;
}

/** Something SQL runs on: the store itself, or one database transaction of it. */
export interface Queryable {
  /** Runs one parameterised statement (`$1`, `$2`, … placeholders). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The CSMS's persistence: one SQL dialect (PostgreSQL), two drivers (PGlite embedded, `pg` for a
 * real server). `int8` columns come back as JS numbers and `timestamptz` as `Date` from both.
 */
export interface Store extends Queryable {
  /** Which driver serves this store. */
  readonly driver: 'pglite' | 'pg';
  /** Where the data lives, for messages (`:memory:`, a directory, or the server URL without password). */
  readonly location: string;
  /**
   * Runs `fn` in one database transaction: committed when it resolves, rolled back when it
   * rejects (the rejection is passed on).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the store; later queries reject. */
  close(): Promise<void>;
}

/** Options every driver accepts. */
export interface StoreDriverOptions {
  /** Every query is counted here so that virtual time waits for database I/O. */
  tracker?: ActivityTracker;
}

/** A failed store operation, with the statement's first line for context. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Wraps a promise in the tracker when one is given. */
export function tracked<T>(tracker: ActivityTracker | undefined, promise: Promise<T>): Promise<T> {
  return tracker === undefined ? promise : tracker.track(promise);
}

/**
 * A store that can run a write nobody waits on while this thread goes on. PGlite runs it in its
 * one session, on its own thread, outside the activity tracker (virtual time goes on; a flush
 * settles it at a fixed point), in order with the other background writes and before any
 * transaction begun after it; a statement someone waits on may run before it. `pg` runs it on any
 * pooled connection, so a caller that needs order chains its writes (a batch writer does); in
 * virtual time it stays counted by the tracker, because the server answers at a wall-clock moment.
 * Either way a read sees the write once its promise has settled (a batch writer's `flush()`). The
 * promise settles when the write is done or has failed.
 */
export interface BackgroundWrites {
  /** Runs one parameterised write (INSERT/UPDATE) outside the activity tracker. */
  writeInBackground(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * Blocks until every background write issued so far has finished and settles its promise now.
   * Code about to wait on such a write (a batch writer's `flush()`) calls this first, so that it
   * goes on at a point that does not depend on wall time: a seeded simulation stays byte-for-byte
   * reproducible. Nothing to do where the clock already waits for the writes (`pg`).
   */
  settleBackgroundWrites(): void;
}

/** True when `store` can write in the background. */
export function canWriteInBackground(store: Queryable): store is Queryable & BackgroundWrites {
  return typeof (store as Partial<BackgroundWrites>).writeInBackground === 'function';
}

/**
 * Runs a write in the background when the store can (see {@link BackgroundWrites}), as an ordinary
 * tracked query otherwise. For batch writers, whose callers wait on `flush()`, not on each write.
 */
export function writeInBackground(store: Queryable, sql: string, params?: readonly unknown[]): Promise<void> {
  if (canWriteInBackground(store)) return store.writeInBackground(sql, params);
  return store.query(sql, params).then(() => undefined);
}

/**
 * Makes `store`'s background writes issued so far finish now, blocking, and settles their promises
 * (see {@link BackgroundWrites.settleBackgroundWrites}); nothing for a store without them.
 */
export function settleBackgroundWrites(store: Queryable): void {
  if (canWriteInBackground(store)) store.settleBackgroundWrites();
}
