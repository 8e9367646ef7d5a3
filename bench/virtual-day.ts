import { performance } from 'node:perf_hooks';
import { machineSpeedLine } from './machine-speed.js';
import type { FrameTap } from '../common/rpc-types.js';
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
import type { DlbHost } from '../csms/dlb/load-balancer-options.js';
import { loadStrategy } from '../csms/dlb/load-strategy.js';
import { startAnsweringCsms } from './answering-csms.js';
import { createFleet } from '../simulator/fleet/create-fleet.js';
import type { Fleet } from '../simulator/fleet/create-fleet.js';
import type { FleetSummary } from '../simulator/fleet/station-results.js';
import { parseSite } from '../simulator/site/load-site.js';
import { actionsOf } from '../schemas/actions.js';
import { defaultValidator } from '../schemas/validator.js';

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

/** The fleet's chargers as the load balancer's tree has them, each on the phase the fleet put it. */
function dlbChargers(fleet: Fleet): DlbChargerConfig[] {
  return fleet.stations.map((st) => ({
    id: st.id,
    phases: st.evses[0]!.ratings.phases,
    firstPhase: st.phase,
    maxCurrentA: st.evses[0]!.ratings.maxCurrentA,
  }));
}

/** One run of {@link runVirtualDay}. */
export interface VirtualDayOptions {
  readonly transport: 'ws' | 'memory';
  /** The reference CSMS (PGlite in memory unless `databaseUrl` or `dataDir`), or the answering CSMS. */
  readonly csms: 'reference' | 'answering';
  /** Virtual hours to run. */
  readonly hours: number;
  /** Site-time hour of the day the run starts at. Default 0 (local midnight). */
  readonly startHour?: number;
  /** Default 100. */
  readonly stations?: number;
  /** The reference CSMS keeps its data in this PostgreSQL server, in a schema of its own. */
  readonly databaseUrl?: string;
  /** The reference CSMS keeps its data in this directory instead of memory. */
  readonly dataDir?: string;
  /** Sees every frame of every station. */
  readonly onFrame?: FrameTap;
}

/** What {@link runVirtualDay} measured. */
export interface VirtualDayResult {
  /** The CSMS, e.g. "reference CSMS with DLB (equal-share)". */
  readonly label: string;
  readonly wallS: number;
  /** CPU seconds of every thread of this process. */
  readonly cpuS: number;
  readonly summary: FleetSummary;
  readonly dlb: { recomputes: number; profiles: number; rejected: number; errors: string[] };
}

/**
 * Hours of a car park in virtual time, in this process, balanced by the reference load balancer:
 * against the reference CSMS (storing every frame and reading), or against the answering CSMS
 * (storing nothing), which measures the simulator's own cost under DLB. The time runs from the
 * fleet's start until every frame and reading the CSMS accepted is stored.
 */
export async function runVirtualDay(options: VirtualDayOptions): Promise<VirtualDayResult> {
  const site = parkingSite();
  const startMs = Date.parse('2026-03-02T00:00:00+05:30') + (options.startHour ?? 0) * 3_600_000;
  const clock = new VirtualClock({ startMs });
  const transport: Transport =
    options.transport === 'ws'
      ? createWsTransport({ tracker: clock.tracker })
      : createMemoryTransport({ tracker: clock.tracker });
  const tags = Array.from({ length: 20 }, (_, i) => `PARK${String(i + 1).padStart(3, '0')}`);
  let csmsUrl: string;
  let closeCsms: () => Promise<void>;
  // Writes what the CSMS still buffers: the run is done when every frame and reading is stored.
  let flushCsms: () => Promise<void> = () => Promise.resolve();
  // The CSMS the load balancer follows and sends its profiles through, and how the run is named.
  let host: DlbHost;
  let label: string;
  const { databaseUrl } = options;
  const schema = `fleet_bench_${process.pid}_${Date.now().toString(36)}`;
  if (options.csms === 'reference') {
    const pgStore =
      databaseUrl === undefined
        ? undefined
        : await openStore({ databaseUrl, schema, tracker: clock.tracker });
    const csms = createCsms({
      clock,
      transport,
      store: pgStore ?? { dataDir: options.dataDir ?? ':memory:' },
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
    host = csms;
    label = `reference CSMS with DLB (equal-share)${pgStore === undefined ? '' : ' on PostgreSQL'}`;
  } else {
    const peer = await startAnsweringCsms(clock, transport, 0);
    csmsUrl = peer.url;
    closeCsms = () => peer.close();
    host = peer;
    label = 'answering CSMS with DLB (equal-share), storing nothing';
  }
  const fleet: Fleet = createFleet({
    clock,
    transport,
    csmsUrl,
    seed: 'virtual-day',
    site,
    stations: options.stations ?? 100,
    idTags: tags,
    meterIntervalS: 10,
    connectConcurrency: 100,
    ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
  });
  const balancer = attachLoadBalancer(host, {
    site: {
      siteId: site.id,
      timeZone: site.timeZone,
      main: { id: 'main', maxPerPhaseA: site.mainFuseA, chargers: dlbChargers(fleet) },
      strategy: 'equal-share',
      settings: {},
    },
    strategy: await loadStrategy('equal-share'),
    clock,
    siteMeter: fleet.site!,
    tracker: clock.tracker,
  });
  const dlb = { recomputes: 0, profiles: 0, rejected: 0, errors: [] as string[] };
  balancer.events.on('dlb.allocated', () => dlb.recomputes++);
  balancer.events.on('dlb.profile.sent', () => dlb.profiles++);
  balancer.events.on('dlb.profile.rejected', () => dlb.rejected++);
  balancer.events.on('dlb.error', (e) => dlb.errors.push(`${e.where}: ${e.error}`));
  // Set-up, like building the CSMS and the fleet: every schema compiled once per process
  // (otherwise on first use, inside the first run's time).
  for (const version of ['1.6', '2.0.1'] as const) {
    defaultValidator().compileAll(
      version,
      actionsOf(version).map((a) => a.action),
    );
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    await fleet.start();
    await clock.advanceTo(startMs + options.hours * 3_600_000);
    await flushCsms();
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { label, wallS, cpuS: (cpu.user + cpu.system) / 1e6, summary: fleet.summary(), dlb };
  } finally {
    const stopping = fleet.stop();
    await clock.advanceBy(1_000);
    await stopping;
    balancer.detach();
    await closeCsms();
  }
}

/**
 * Prints the figures of {@link runVirtualDay} with 100 stations, `repeat` times over (each run
 * after a machine-speed line of its own), then the fastest and the median wall time. On a shared
 * machine one run can take twice as long as the next; the runs must also agree on every figure
 * but time, since the seed is the same, and a difference is printed.
 */
export async function virtualDay(
  kind: 'ws' | 'memory',
  hours: number,
  csmsKind: 'reference' | 'answering',
  repeat = 1,
): Promise<void> {
  const walls: number[] = [];
  let first: string | undefined;
  for (let run = 1; run <= repeat; run++) {
    if (repeat > 1) console.log(`  run ${run} of ${repeat}; ${machineSpeedLine()}`);
    const {
      label,
      wallS,
      cpuS,
      summary: s,
      dlb,
    } = await runVirtualDay({
      transport: kind,
      csms: csmsKind,
      hours,
      // FLEET_BENCH_START_HOUR starts the window later in the site's day (e.g. 10 for charging under PV).
      startHour: Number(process.env['FLEET_BENCH_START_HOUR'] ?? '0'),
      // FLEET_BENCH_DATABASE_URL keeps the reference CSMS's data in that PostgreSQL server, in a
      // schema of its own; FLEET_BENCH_DATA_DIR in a directory instead of memory (empty: memory).
      ...(process.env['FLEET_BENCH_DATABASE_URL']
        ? { databaseUrl: process.env['FLEET_BENCH_DATABASE_URL'] }
        : {}),
      ...(process.env['FLEET_BENCH_DATA_DIR'] ? { dataDir: process.env['FLEET_BENCH_DATA_DIR'] } : {}),
    });
    walls.push(wallS);
    const perDay = (wallS * 24) / hours;
    const figures =
      `${s.frames.total} frames (${s.frames.invalid} invalid), ` +
      `${s.transactionsStarted} transactions, ${Math.round(s.energyWh / 1000)} kWh, ` +
      `${dlb.recomputes} recomputes, ${dlb.profiles} charging profiles sent (${dlb.rejected} rejected)`;
    console.log(
      `  ${kind.padEnd(6)} ${hours} h of 100 stations ${label}: ${wallS.toFixed(1)} s wall` +
        (hours === 24 ? '' : ` (${perDay.toFixed(0)} s per simulated day at this rate)`) +
        `, ${Math.round((hours * 3600) / wallS)}x real time; ${figures}; ` +
        `CPU ${cpuS.toFixed(1)} s (${(cpuS / wallS).toFixed(2)} cores, all threads of this process)`,
    );
    if (dlb.errors.length > 0) console.log(`  load balancer errors: ${dlb.errors.slice(0, 3).join('; ')}`);
    first ??= figures;
    if (figures !== first) console.log(`  this run's figures differ from the first run's: ${first}`);
  }
  if (repeat > 1) {
    const sorted = [...walls].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    console.log(
      `  ${kind} ${csmsKind}, ${repeat} runs: fastest ${sorted[0]!.toFixed(1)} s, median ${median.toFixed(1)} s, ` +
        `slowest ${sorted[sorted.length - 1]!.toFixed(1)} s wall`,
    );
  }
}
