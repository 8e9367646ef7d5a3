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
