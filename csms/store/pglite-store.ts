import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Queryable, QueryResult, Store, StoreDriverOptions } from './store.js';
import { StoreError, tracked } from './store.js';
import type { ActivityTracker } from '../../common/activity-tracker.js';

/** Options for {@link createPgliteStore}. */
export interface PgliteStoreOptions extends StoreDriverOptions {
  /** `:memory:` for a throw-away database, or a directory (created if missing). */
  dataDir: string;
}

const INT8_OID = 20;
const parsers = { [INT8_OID]: (value: string): number => Number(value) };

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function queryable(db: PgliteLike, tracker: ActivityTracker | undefined): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await tracked(tracker, db.query<T>(sql, [...params]));
      return {
        rows: result.rows,
        rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
      };
    },
    async exec(sql: string): Promise<void> {
      await tracked(tracker, db.exec(sql));
    },
  };
}

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, in-process, zero set-up. The data lives
 * in `dataDir` (or in memory for `:memory:`).
 */
export async function createPgliteStore(options: PgliteStoreOptions): Promise<Store> {
  const memory = options.dataDir === ':memory:';
  const location = memory ? ':memory:' : resolve(options.dataDir);
  if (!memory) {
    try {
      mkdirSync(location, { recursive: true });
    } catch (error) {
      throw new StoreError(`cannot create data directory ${location}: ${(error as Error).message}`);
    }
  }
  let db: PGlite;
  try {
    db = await PGlite.create(memory ? undefined : location, { parsers });
  } catch (error) {
    throw new StoreError(
      `cannot open the embedded database in ${location}: ${(error as Error).message} ` +
        '(is another process using this --data-dir? choose another directory or stop it)',
      { cause: error },
    );
  }
  const tracker = options.tracker;
  const base = queryable(db, tracker);
  let closed = false;
  return {
    driver: 'pglite',
    location,
    query: (sql, params) => {
      if (closed) return Promise.reject(new StoreError('store is closed'));
      return base.query(sql, params);
    },
    exec: (sql) => {
      if (closed) return Promise.reject(new StoreError('store is closed'));
      return base.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new StoreError('store is closed'));
      return tracked(
        tracker,
        db.transaction((tx) => fn(queryable(tx, undefined))),
      );
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
