import type { ActivityTracker } from '../../common/activity-tracker.js';
import { migrate } from '../../csms/store/migrations.js';
import { createPgliteStore } from '../../csms/store/pglite-store.js';
import type { Store } from '../../csms/store/store.js';

let template: Promise<Uint8Array> | undefined;

/** A migrated, empty database image, made once per process (creating a PGlite cluster is slow). */
function migratedTemplate(): Promise<Uint8Array> {
  template ??= (async () => {
    const store = await createPgliteStore({ dataDir: ':memory:' });
    try {
      await migrate(store);
      return await store.dumpImage();
    } finally {
      await store.close();
    }
  })();
  template.catch(() => {
    template = undefined;
  });
  return template;
}

/**
 * A fresh, empty, migrated PGlite database in memory for one scenario, loaded from an image made
 * once per process: the same schema and the same empty tables as a new store, in a fraction of
 * the time. The caller closes it.
 */
export async function openScenarioStore(tracker?: ActivityTracker): Promise<Store> {
  const image = await migratedTemplate();
  return createPgliteStore({
    dataDir: ':memory:',
    image,
    ...(tracker === undefined ? {} : { tracker }),
  });
}
