import pg from 'pg';
import type { ActivityTracker } from '../../common/activity-tracker.js';
import { loadMigrations, migrate } from '../store/migrations.js';
import { createPgStore, dropPgSchema } from '../store/pg-store.js';
import { createPgliteStore } from '../store/pglite-store.js';
import type { Store } from '../store/store.js';

/** PostgreSQL used by tests: DATABASE_URL, or the local server on 127.0.0.1:5432, database `test`. */
export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<string | undefined> | undefined;

/** Resolves undefined when PostgreSQL answers, or the reason it cannot be used. */
export function postgresUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${TEST_DATABASE_URL} is not reachable (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

let schemaCounter = 0;

/** A fresh, migrated store for one test, and how to throw it away. */
export interface TestStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

/** The drivers a store test runs against. */
export type TestDriver = 'pglite' | 'pg';

/**
 * Opens a fresh migrated store: PGlite in memory, or a unique schema on the test PostgreSQL that
 * `dispose()` drops (so parallel runs never collide).
 */
export async function openTestStore(
  driver: TestDriver,
  options: {
    tracker?: ActivityTracker;
    dataDir?: string;
    /** Applies the migrations up to this version only (to test a later migration on old data). */
    migrateUpTo?: number;
  } = {},
): Promise<TestStore> {
  const migrations = loadMigrations().filter((m) => m.version <= (options.migrateUpTo ?? Infinity));
  if (driver === 'pglite') {
    const store = await createPgliteStore({
      dataDir: options.dataDir ?? ':memory:',
      ...(options.tracker === undefined ? {} : { tracker: options.tracker }),
    });
    await migrate(store, migrations);
    return { store, dispose: () => store.close() };
  }
  const schema = `csms_test_${process.pid}_${process.hrtime.bigint().toString(36)}_${schemaCounter++}`;
  const store = await createPgStore({
    databaseUrl: TEST_DATABASE_URL,
    schema,
    maxConnections: 4,
    ...(options.tracker === undefined ? {} : { tracker: options.tracker }),
  });
  await migrate(store, migrations);
  return {
    store,
    async dispose(): Promise<void> {
      await store.close();
      await dropPgSchema(TEST_DATABASE_URL, schema);
    },
  };
}

/**
 * The drivers to run store tests against: always PGlite, and PostgreSQL when it answers (a
 * printed reason otherwise).
 */
export async function testDrivers(): Promise<TestDriver[]> {
  const reason = await postgresUnavailable();
  if (reason !== undefined) {
    process.stdout.write(`skipping PostgreSQL store tests: ${reason}\n`);
    return ['pglite'];
  }
  return ['pglite', 'pg'];
}
