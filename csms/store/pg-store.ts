import pg from 'pg';
import type { BackgroundWrites, Queryable, QueryResult, Store, StoreDriverOptions } from './store.js';
import { StoreError, tracked } from './store.js';
import { deflateParams } from './deflated-text.js';
import type { ActivityTracker } from '../../common/activity-tracker.js';

/** Options for {@link createPgStore}. */
export interface PgStoreOptions extends StoreDriverOptions {
  /** `postgres://user:password@host:port/database`. */
  databaseUrl: string;
  /** A schema to work in (created if missing); default the server's search_path. */
  schema?: string;
  /** Pool size. Default 8. */
  maxConnections?: number;
}

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const FLOAT8_ARRAY_OID = 1022;

const parseInt8 = (value: string): number => Number(value);

// int8 and int8[] come back as numbers, as from the embedded store (epoch ms, ids, counts).
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID
      ? parseInt8
      : (pg.types.getTypeParser(
          oid === INT8_ARRAY_OID ? FLOAT8_ARRAY_OID : oid,
          format,
        ) as unknown)) as typeof pg.types.getTypeParser,
};

/** The URL with its password hidden, for messages. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

function queryable(client: pg.Pool | pg.PoolClient, tracker: ActivityTracker | undefined): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await tracked(tracker, client.query(sql, deflateParams(params)));
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await tracked(tracker, client.query(sql));
    },
  };
}

/** A store on a real PostgreSQL server, with the abilities only this driver has. */
export interface PgStore extends Store, BackgroundWrites {
  readonly driver: 'pg';
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a schema name that could not be written into SQL as it is. */
function checkSchema(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(`schema "${schema}" must be a lower-case identifier ([a-z_][a-z0-9_]*)`);
  }
}

/**
 * A store on a real PostgreSQL server (`pg` pool). Connects once before resolving so that a wrong
 * URL fails at start with a message that says what to check.
 */
export async function createPgStore(options: PgStoreOptions): Promise<PgStore> {
  if (options.schema !== undefined) checkSchema(options.schema);
  let config: pg.PoolConfig;
  try {
    new URL(options.databaseUrl);
    config = { connectionString: options.databaseUrl };
  } catch {
    throw new StoreError(
      `database URL "${redactUrl(options.databaseUrl)}" is not a URL: use postgres://user:password@host:5432/database`,
    );
  }
  const pool = new pg.Pool({
    ...config,
    max: options.maxConnections ?? 8,
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  pool.on('error', () => {
    // An idle client lost its server; the pool replaces it and the next query reports any outage.
  });
  const location = redactUrl(options.databaseUrl);
  try {
    if (options.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new StoreError(`cannot reach PostgreSQL at ${location}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const tracker = options.tracker;
  const base = queryable(pool, tracker);
  const untracked = queryable(pool, undefined);
  let closed = false;
  return {
    driver: 'pg',
    location,
    query: (sql, params) => base.query(sql, params),
    exec: (sql) => base.exec(sql),
    // A server answers at wall-clock moments, and whoever waits on a batch (a flush) must go on at
    // a fixed point of virtual time: so in virtual time (a tracker is given) the clock waits for
    // background writes too; in real time they run while this process goes on.
    writeInBackground: (sql, params) =>
      (tracker === undefined ? untracked : base).query(sql, params).then(() => undefined),
    // Nothing to settle: in virtual time the clock waits for these writes already.
    settleBackgroundWrites: () => undefined,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(queryable(client, undefined));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      };
      return tracked(tracker, run());
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Drops a schema a store worked in, with everything in it (a test's or a bench run's), over a
 * connection of its own: call it after the store is closed.
 */
export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  checkSchema(schema);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
