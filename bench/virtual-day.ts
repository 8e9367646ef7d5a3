import { performance } from 'node:perf_hooks';
import type { Transport } from '../common/transport.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { createMemoryTransport } from '../common/memory-transport.js';
import { createWsTransport } from '../common/ws-transport.js';
import { UserStore } from '../csms/auth/user-store.js';
import { createCsms } from '../csms/create-csms.js';
import { openStore } from '../csms/store/open-store.js';
import { dropPgSchema } from '../csms/store/pg-store.js';
import type { ChargerConfig as DlbChargerConfig } from '../csms/dlb/circuit-tree.js';
import { attachLoadBalancer } from '../csms/dlb/load-balancer.js';
import { loadStrategy } from '../csms/dlb/load-strategy.js';
import { startAnsweringCsms } from './answering-csms.js';
import { createFleet } from '../simulator/fleet/create-fleet.js';
import type { Fleet } from '../simulator/fleet/create-fleet.js';
import { parseSite } from '../simulator/site/load-site.js';

function parkingSite(): ReturnType<typeof parseSite> {
  return parseSite({
    id: 'bench-park',
    timeZone: 'Asia/Kolkata',
    voltageV: 230,
    phases: 3,
    mainFuseA: 1000,
    pv: { peakPowerW: 50_000, sunriseHour: 6, sunsetHour: 18.5, cloudiness: 0.3 },
    home: { minPowerW: 5_000, maxPowerW: 20_000, imbalance: 0.1 },
    chargers: [
      { id: 'PARK-A', version: '1.6', maxCurrentA: 32, phases: 3, phase: 'L1', meterStation: true },
      { id: 'PARK-B', version: '2.0.1', maxCurrentA: 32, phases: 1, phase: 'L2' },
    ],
  });
}

/** 24 h of a 100-station site in virtual time, against the reference CSMS with DLB, in this process. */
export async function virtualDay(
  kind: 'ws' | 'memory',
  hours: number,
  csmsKind: 'reference' | 'answering',
): Promise<void> {
  const site = parkingSite();
  // FLEET_BENCH_START_HOUR starts the window later in the site's day (e.g. 10 for charging under PV).
  const startMs =
    Date.parse('2026-03-02T00:00:00+05:30') +
    Number(process.env['FLEET_BENCH_START_HOUR'] ?? '0') * 3_600_000;
  const clock = new VirtualClock({ startMs });
  const transport: Transport =
    kind === 'ws'
      ? createWsTransport({ tracker: clock.tracker })
      : createMemoryTransport({ tracker: clock.tracker });
  const tags = Array.from({ length: 20 }, (_, i) => `PARK${String(i + 1).padStart(3, '0')}`);
  let csmsUrl: string;
  let closeCsms: () => Promise<void>;
  // Writes what the CSMS still buffers: the run is done when every frame and reading is stored.
  let flushCsms: () => Promise<void> = () => Promise.resolve();
  let attachDlb: ((fleet: Fleet) => Promise<string>) | undefined;
  const databaseUrl = process.env['FLEET_BENCH_DATABASE_URL'] || undefined;
  const schema = `fleet_bench_${process.pid}_${Date.now().toString(36)}`;
  if (csmsKind === 'reference') {
    const pgStore =
      databaseUrl === undefined
        ? undefined
        : await openStore({ databaseUrl, schema, tracker: clock.tracker });
    const csms = createCsms({
      clock,
      transport,
      // FLEET_BENCH_DATA_DIR puts the database in a directory instead of memory (empty: memory);
      // FLEET_BENCH_DATABASE_URL uses that PostgreSQL server, in a schema of its own.
      store: pgStore ?? { dataDir: process.env['FLEET_BENCH_DATA_DIR'] || ':memory:' },
      heartbeatIntervalS: 3600,
    });
    await csms.start();
    const users = new UserStore(csms.store);
    for (const token of tags) await users.addToken({ token }, clock.now());
    csmsUrl = csms.ocppUrl;
    flushCsms = () => csms.flush();
    closeCsms = async () => {
      await csms.stop();
      if (pgStore !== undefined) {
        await pgStore.close();
        await dropPgSchema(databaseUrl!, schema);
      }
    };
    attachDlb = async (fleet) => {
      const chargers: DlbChargerConfig[] = fleet.stations.map((st, i) => ({
        id: st.id,
        phases: st.evses[0]!.ratings.phases,
        firstPhase:
          st.evses[0]!.ratings.phases === 3 ? 'L1' : (['L2', 'L3', 'L1'] as const)[Math.floor(i / 2) % 3]!,
        maxCurrentA: st.evses[0]!.ratings.maxCurrentA,
      }));
      attachLoadBalancer(csms, {
        site: {
          siteId: site.id,
          timeZone: site.timeZone,
          main: { id: 'main', maxPerPhaseA: site.mainFuseA, chargers },
          strategy: 'equal-share',
          settings: {},
        },
        strategy: await loadStrategy('equal-share'),
        clock,
        siteMeter: fleet.site!,
        tracker: clock.tracker,
      });
      return `reference CSMS with DLB (equal-share)${pgStore === undefined ? '' : ' on PostgreSQL'}`;
    };
  } else {
    const peer = await startAnsweringCsms(clock, transport, 0);
    csmsUrl = peer.url;
    closeCsms = () => peer.close();
  }
  const fleet: Fleet = createFleet({
    clock,
    transport,
    csmsUrl,
    seed: 'virtual-day',
    site,
    stations: 100,
    idTags: tags,
    meterIntervalS: 10,
    connectConcurrency: 100,
  });
  let dlb = 'answering-only CSMS (no storage, no DLB)';
  if (attachDlb !== undefined) {
    try {
      dlb = await attachDlb(fleet);
    } catch (error) {
      dlb = `reference CSMS without DLB (${(error as Error).message})`;
    }
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await fleet.start();
  await clock.advanceTo(startMs + hours * 3_600_000);
  await flushCsms();
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const s = fleet.summary();
  const perDay = (wallS * 24) / hours;
  console.log(
    `  ${kind.padEnd(6)} ${hours} h of 100 stations ${dlb}: ${wallS.toFixed(1)} s wall` +
      (hours === 24 ? '' : ` (${perDay.toFixed(0)} s per simulated day at this rate)`) +
      `, ${Math.round((hours * 3600) / wallS)}x real time; ${s.frames.total} frames (${s.frames.invalid} invalid), ` +
      `${s.transactionsStarted} transactions, ${Math.round(s.energyWh / 1000)} kWh; ` +
      `CPU ${cpuS.toFixed(1)} s (${(cpuS / wallS).toFixed(2)} cores, all threads of this process)`,
  );
  const stopping = fleet.stop();
  await clock.advanceBy(1_000);
  await stopping;
  await closeCsms();
}
