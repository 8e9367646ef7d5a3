import { it } from 'vitest';
import { openTestStore } from '/work/main/csms/test-support/test-stores.js';
it('t', async () => {
  for (const d of ['pglite', 'pg'] as const) {
    let t0 = performance.now();
    const t = await openTestStore(d);
    console.log(d, 'open', performance.now() - t0);
    t0 = performance.now();
    await t.dispose();
    console.log(d, 'dispose', performance.now() - t0);
  }
});
