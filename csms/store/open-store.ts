import { join } from 'node:path';
import type { ActivityTracker } from '../../common/activity-tracker.js';
import { migrate } from './migrations.js';
import { createPgStore } from './pg-store.js';
import { createPgliteStore } from './pglite-store.js';
import type { PgliteStoreOptions } from './pglite-store.js';
import type { Store } from './store.js';

/** Where the store lives: a PostgreSQL URL wins over a data directory. */
export interface OpenStoreOptions {
  /** PGlite data directory, or `:memory:`. Default `.ocpp-harness/` in the working directory. */
  dataDir?: string;
  /** A PostgreSQL URL; when set, a real server is used instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL schema to work in (created if missing). */
  schema?: string;
  tracker?: ActivityTracker;
  /** PGlite only: see {@link PgliteStoreOptions.ordering}. Default `strict`. */
  ordering?: PgliteStoreOptions['ordering'];
}

/** The default PGlite data directory: `.ocpp-harness/` in the working directory. */
export function defaultDataDir(): string {
  return join(process.cwd(), '.ocpp-harness');
}

/** Opens the store the options name and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const store =
    options.databaseUrl !== undefined && options.databaseUrl !== ''
      ? await createPgStore({
          databaseUrl: options.databaseUrl,
          ...(options.schema === undefined ? {} : { schema: options.schema }),
          ...(options.tracker === undefined ? {} : { tracker: options.tracker }),
        })
      : await createPgliteStore({
          dataDir: options.dataDir ?? defaultDataDir(),
          ...(options.tracker === undefined ? {} : { tracker: options.tracker }),
          ...(options.ordering === undefined ? {} : { ordering: options.ordering }),
        });
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
