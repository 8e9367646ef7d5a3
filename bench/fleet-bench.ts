import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { RealClock } from '../common/clock.js';
import type { FrameRecord } from '../common/rpc-types.js';
import type { Transport } from '../common/transport.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { createMemoryTransport } from '../common/memory-transport.js';
import { createWsTransport } from '../common/ws-transport.js';
import { UserStore } from '../csms/auth/user-store.js';
import { createCsms } from '../csms/create-csms.js';
import type { ChargerConfig as DlbChargerConfig } from '../csms/dlb/circuit-tree.js';
import { attachLoadBalancer } from '../csms/dlb/load-balancer.js';
import { loadStrategy } from '../csms/dlb/load-strategy.js';
import { startAnsweringCsms } from './answering-csms.js';
import { machineSpeedLine } from './machine-speed.js';
import { createFleet } from '../simulator/fleet/create-fleet.js';
import type { Fleet } from '../simulator/fleet/create-fleet.js';
import { parseSite } from '../simulator/site/load-site.js';

// FLEET_BENCH_SIZES picks the fleet sizes, e.g. "10000,20000" (default: 100 up to 20,000).
const SIZES = (process.env['FLEET_BENCH_SIZES'] ?? '100,500,1000,2000,5000,10000,20000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const P99_TARGET_MS = 100;
const MEASURE_MS = 30_000;
const BOOT_LIMIT_MS = 180_000;
const SIZE_BUDGET_MS = Number(process.env['FLEET_BENCH_SIZE_BUDGET_S'] ?? '420') * 1000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Round trips of station CALLs, measured on the station side with the wall clock. */
class RoundTrips {
  readonly #sent = new Map<string, number>();
  samples: number[] = [];
  recording = false;

  readonly tap = (r: FrameRecord): void => {
    if (r.messageId === undefined) return;
    const key = `${r.stationId}|${r.messageId}`;
    if (r.direction === 'station->csms' && r.messageType === 'CALL') this.#sent.set(key, performance.now());
    else if (r.direction === 'csms->station' && r.messageType !== 'CALL') {
      const t = this.#sent.get(key);
      if (t === undefined) return;
      this.#sent.delete(key);
      if (this.recording && r.action === 'MeterValues') this.samples.push(performance.now() - t);
    }
  };
}

/** The open-file limit (soft) of a process, from /proc; undefined where there is no /proc. */
function openFileLimit(pid: number | 'self' | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/** Files a process needs besides one socket per station: stdio, the event loop, the database, modules. */
const OTHER_FILES = 64;

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is no /proc. */
function processCpuS(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** What the CSMS process wrote to stderr: read as it comes, so a full pipe never stalls it. */
interface ChildLog {
  lines: number;
  last: string[];
}

async function startCsmsProcess(
  kind: 'reference' | 'answering',
): Promise<{ url: string; child: ChildProcess; log: ChildLog }> {
  const args =
    kind === 'reference'
      ? [new URL('../cli/main.js', import.meta.url).pathname, 'csms', '--port', '0', '--data-dir', ':memory:']
      : [new URL('./answering-csms.js', import.meta.url).pathname];
  const child = spawn(
    process.execPath,
    kind === 'reference' ? [...args, '--heartbeat-interval', '3600'] : args,
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: ChildLog = { lines: 0, last: [] };
  child.stderr.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line === '') continue;
      log.lines++;
      log.last.push(line);
      if (log.last.length > 3) log.last.shift();
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /OCPP\s+(ws:\/\/\S+)\/\{stationId\}/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the CSMS process exited with ${code}`)));
  });
  return { url, child, log };
}

/** Fleet size over real ws against a CSMS in its own process, in real time. */
async function fleetSizeFigures(kind: 'reference' | 'answering'): Promise<void> {
  const { url, child, log } = await startCsmsProcess(kind);
  const benchStart = performance.now();
  console.log(
    `fleet size: ${kind === 'reference' ? 'reference CSMS' : 'answering-only CSMS (validates, stores nothing)'} in its own ` +
      `process, stations in this one, real ws, every frame validated on both sides, MeterValues every 10 s spread ` +
      `over the interval; target p99 < ${P99_TARGET_MS} ms`,
  );
  let metUpTo: number | undefined;
  let firstMiss: number | undefined;
  const fileLimits = [
    ['this process', openFileLimit('self')],
    ['the CSMS process', openFileLimit(child.pid)],
  ] as const;
  try {
    for (const n of SIZES) {
      if (performance.now() - benchStart > SIZE_BUDGET_MS) {
        console.log(`  stopped before ${n} stations: the bench's time budget is spent`);
        break;
      }
      // Every station holds a socket in this process and one in the CSMS's: a size the open-file
      // limit cannot hold fails for that reason alone (connect or accept EMFILE), whatever the speed.
      for (const [who, limit] of fileLimits) {
        if (limit !== undefined && limit < n + OTHER_FILES) {
          console.log(
            `  ${n} stations need about ${n + OTHER_FILES} open files in ${who}, which may open ${limit}: ` +
              'the missing stations are that limit, not speed (raise it with ulimit -n or prlimit --nofile)',
          );
        }
      }
      const trips = new RoundTrips();
      const clock = new RealClock();
      const fleet = createFleet({
        clock,
        transport: createWsTransport(),
        csmsUrl: url,
        seed: `size-${n}`,
        stations: n,
        version: 'mixed',
        arrivals: 'none',
        idleMeterValues: true,
        staggerSamples: true,
        meterIntervalS: 10,
        connectConcurrency: 200,
        onFrame: trips.tap,
      });
      // The latest problem each station reported, to say why any is not online in time.
      const problems = new Map<string, string>();
      fleet.events.on('problem', (p) => problems.set(p.stationId, p.message));
      const childLines0 = log.lines;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const starting = fleet.start();
      while (fleet.stations.some((s) => !s.isOnline) && performance.now() - t0 < BOOT_LIMIT_MS) {
        await clock.sleep(250);
      }
      await starting;
      const bootS = (performance.now() - t0) / 1000;
      const online = fleet.stations.filter((s) => s.isOnline).length;
      const why = new Map<string, number>();
      for (const st of fleet.stations) {
        if (st.isOnline) continue;
        const message = (problems.get(st.id) ?? 'no problem reported').replace(/\d+/g, 'N');
        why.set(message, (why.get(message) ?? 0) + 1);
      }
      trips.recording = true;
      // How long this process's own event loop stalls: a round trip is timed here, so a stall of the
      // simulator shows in it as much as a slow CSMS.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const frames0 = fleet.frameStats.total;
      const csmsCpu0 = processCpuS(child.pid);
      await clock.sleep(MEASURE_MS);
      const csmsCpu1 = processCpuS(child.pid);
      trips.recording = false;
      loopDelay.disable();
      const csmsCores =
        csmsCpu0 === undefined || csmsCpu1 === undefined
          ? 'n/a'
          : ((csmsCpu1 - csmsCpu0) / (MEASURE_MS / 1000)).toFixed(2);
      const cpu = process.cpuUsage(cpu0);
      const frames = fleet.frameStats.total - frames0;
      const sorted = [...trips.samples].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      const rssMb = Math.round(process.memoryUsage().rss / 1e6);
      console.log(
        `  ${String(n).padStart(6)} stations: ${online} online after ${bootS.toFixed(1)} s; ` +
          `${sorted.length} MeterValues in ${MEASURE_MS / 1000} s, round trip p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
          `${Math.round(frames / (MEASURE_MS / 1000))} frames/s; invalid ${fleet.frameStats.invalid}; ` +
          `simulator CPU ${((cpu.user + cpu.system) / 1e3 / (performance.now() - t0)).toFixed(2)} cores, RSS ${rssMb} MB; ` +
          `CSMS process CPU while measuring ${csmsCores} cores; ` +
          `simulator event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, ` +
          `max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
      );
      if (log.lines > childLines0) {
        console.log(
          `  the CSMS wrote ${log.lines - childLines0} lines to stderr while booting and measuring, the last: ` +
            log.last.join(' | '),
        );
      }
      await fleet.stop();
      if (online < n) {
        console.log(
          `  breaks at ${n}: only ${online} of ${n} stations were accepted within ${BOOT_LIMIT_MS / 1000} s`,
        );
        for (const [message, count] of [...why].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
          console.log(`    ${count} not online, last problem: ${message}`);
        }
        break;
      }
      if (p99 < P99_TARGET_MS) metUpTo = n;
      else if (firstMiss === undefined) firstMiss = n;
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.log(
    `  p99 < ${P99_TARGET_MS} ms ${metUpTo === undefined ? 'at no size' : `up to ${metUpTo} stations`}` +
      `${firstMiss === undefined ? '' : `; first missed at ${firstMiss}`} ` +
      `(load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores)`,
  );
}

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
async function virtualDay(
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
  let attachDlb: ((fleet: Fleet) => Promise<string>) | undefined;
  if (csmsKind === 'reference') {
    const csms = createCsms({
      clock,
      transport,
      // FLEET_BENCH_DATA_DIR puts the database in a directory instead of memory.
      store: { dataDir: process.env['FLEET_BENCH_DATA_DIR'] ?? ':memory:' },
      heartbeatIntervalS: 3600,
      batch: { maxRows: 500, maxDelayMs: 60_000 },
    });
    await csms.start();
    const users = new UserStore(csms.store);
    for (const token of tags) await users.addToken({ token }, clock.now());
    csmsUrl = csms.ocppUrl;
    closeCsms = () => csms.stop();
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
      return 'reference CSMS with DLB (equal-share)';
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

/** Prints the fleet figures: fleet size over real ws, and simulated days in virtual time. */
export async function runFleetBench(): Promise<void> {
  const hours = Number(process.env['FLEET_BENCH_HOURS'] ?? '24');
  const referenceHours = Number(process.env['FLEET_BENCH_REFERENCE_HOURS'] ?? '0.5');
  console.log(
    `virtual time: a 100-station car park (1000 A main, PV, building load) with 10 s meter values, CSMS in process, ` +
      `every frame validated on both sides; targets 24 h in < 30 s over ws, < 10 s over memory`,
  );
  console.log(machineSpeedLine());
  if (process.env['FLEET_BENCH_SKIP_VIRTUAL'] !== '1') {
    // FLEET_BENCH_ONLY picks runs by name, e.g. "memory-answering,ws-reference" (default: all four).
    const only = (process.env['FLEET_BENCH_ONLY'] ?? '').split(',').filter((r) => r !== '');
    const runs = [
      ['memory', 'answering'],
      ['ws', 'answering'],
      ['memory', 'reference'],
      ['ws', 'reference'],
    ] as const;
    for (const [kind, csmsKind] of runs) {
      if (only.length > 0 && !only.includes(`${kind}-${csmsKind}`)) continue;
      await virtualDay(kind, csmsKind === 'answering' ? hours : referenceHours, csmsKind);
    }
  }
  if (process.env['FLEET_BENCH_SKIP_SIZE'] !== '1') {
    const kinds = (process.env['FLEET_BENCH_SIZE_CSMS'] ?? 'answering,reference').split(',');
    for (const kind of kinds) if (kind === 'answering' || kind === 'reference') await fleetSizeFigures(kind);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFleetBench();
