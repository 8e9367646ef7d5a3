import { describe, expect, it } from 'vitest';
import { openTestStore, postgresUnavailable } from '../csms/test-support/test-stores.js';
import { runDlbSite } from './dlb-site-run.js';
import type { DlbSiteRunOptions } from './dlb-site-run.js';

// Six stations of the simulator (1.6 and 2.0.1) on real ws against the reference CSMS with the load
// balancer; 40 A main fuse, PV and home load, morning arrivals, 06:00-09:00 site time. The CSMS
// keeps its data in PostgreSQL when it runs here (a fresh schema per run), else in PGlite. The
// 24 h comparison of every strategy is `bench/dlb-bench.ts`.
const unavailable = await postgresUnavailable();
if (unavailable !== undefined) console.log(`dlb site run: ${unavailable}; using PGlite in memory`);

const morning: DlbSiteRunOptions = {
  seed: 3,
  strategy: 'equal-share',
  chargers: 6,
  visits: ['morning'],
  fromHour: 6,
  hours: 3,
  mainFuseA: 40,
  ...(unavailable === undefined ? { openStore: (tracker) => openTestStore('pg', { tracker }) } : {}),
};

describe('a load-balanced site over real sockets in virtual time', () => {
  it('never exceeds 1.13 x the fuse, balances the sessions and is the same frame for frame on a second run', async () => {
    const first = await runDlbSite(morning);
    expect(first.sessions).toBeGreaterThanOrEqual(3);
    expect(first.profilesSent).toBeGreaterThan(first.sessions);
    expect(first.fuse.secondsAbove113).toBe(0);
    expect(first.fuse.wouldTrip).toBe(false);
    expect(first.fairness.contendedSeconds).toBeGreaterThan(0);
    expect(first.evEnergy.perEv.reduce((a, e) => a + e.deliveredWh, 0)).toBeGreaterThan(5_000);
    const second = await runDlbSite(morning);
    expect(second.frameDigest).toBe(first.frameDigest);
    expect(second.fuse).toEqual(first.fuse);
  }, 180_000);
});
