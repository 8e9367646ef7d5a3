import { fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ShardCommand, ShardReport } from './fleet-shard.js';
import { machineSpeedLine } from './machine-speed.js';
import { virtualDay } from './virtual-day.js';
import { mergeNotOnline } from '../simulator/fleet/merge-summaries.js';

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

// FLEET_BENCH_SHARDS spreads the stations over this many simulator processes (default 2): each
// load generator then has its own heap, so its garbage-collection pauses (which show in the round
// trips it times) stay as short as a smaller fleet's.
const SHARDS = Math.max(1, Number(process.env['FLEET_BENCH_SHARDS'] ?? '2') || 1);
// FLEET_BENCH_CSMS_GATEWAYS hands the reference CSMS's connections to this many gateway processes
// (`ocpp-harness csms --gateways`; default 0: the CSMS process holds every socket).
const CSMS_GATEWAYS = Math.max(0, Number(process.env['FLEET_BENCH_CSMS_GATEWAYS'] ?? '0') || 0);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type ShardResult = Extract<ShardReport, { kind: 'result' }>;

/** The stations of one fleet size, over {@link SHARDS} simulator processes. */
function startShards(
  url: string,
  n: number,
): { online(): number; measure(ms: number): Promise<ShardResult[]>; stop(): Promise<void> } {
  const count = Math.min(SHARDS, n);
  const shards = Array.from({ length: count }, (_, k) => {
    const child = fork(new URL('./fleet-shard.js', import.meta.url).pathname, [], { stdio: 'inherit' });
    const shard = { child, online: 0, result: undefined as ShardResult | undefined, stopped: false };
    child.on('message', (report: ShardReport) => {
      if (report.kind === 'status') shard.online = report.online;
      else if (report.kind === 'result') shard.result = report;
      else shard.stopped = true;
    });
    // Slice k of one fleet of n stations, as `simulate --processes` runs it.
    const start: ShardCommand = {
      kind: 'start',
      url,
      stations: n,
      shard: { index: k, count },
      seed: `size-${n}`,
    };
    child.send(start);
    return shard;
  });
  const waitFor = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      if (shards.some((s) => s.child.exitCode !== null && !s.stopped))
        throw new Error('a simulator process exited');
      await sleep(50);
    }
  };
  return {
    online: () => shards.reduce((sum, s) => sum + s.online, 0),
    async measure(ms) {
      for (const s of shards) s.child.send({ kind: 'measure', ms } satisfies ShardCommand);
      await waitFor(() => shards.every((s) => s.result !== undefined));
      return shards.map((s) => s.result!);
    },
    async stop() {
      for (const s of shards) s.child.send({ kind: 'stop' } satisfies ShardCommand);
      await waitFor(() => shards.every((s) => s.stopped));
      await Promise.all(
        shards.map((s) =>
          s.child.exitCode !== null
            ? Promise.resolve()
            : new Promise<void>((resolve) => s.child.once('exit', () => resolve())),
        ),
      );
    },
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

/** CPU seconds of a process and its live children (the CSMS's connection gateways), from /proc. */
function processTreeCpuS(pid: number | undefined): number | undefined {
  const own = processCpuS(pid);
  if (own === undefined) return undefined;
  let children = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === pid) children += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process ended meanwhile.
    }
  }
  return own + children;
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
  // FLEET_BENCH_CSMS_NODE_FLAGS passes node flags to the CSMS process, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeFlags = (process.env['FLEET_BENCH_CSMS_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      ...(kind === 'reference'
        ? [...args, '--heartbeat-interval', '3600', '--gateways', String(CSMS_GATEWAYS)]
        : args),
    ],
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
  const gateways = kind === 'reference' ? CSMS_GATEWAYS : 0;
  const benchStart = performance.now();
  console.log(
    `fleet size: ${kind === 'reference' ? 'reference CSMS' : 'answering-only CSMS (validates, stores nothing)'} in its own ` +
      `process${gateways > 0 ? ` with ${gateways} connection gateway processes` : ''}, stations in ${SHARDS} simulator process${SHARDS === 1 ? '' : 'es'}, real ws, every frame validated on both sides, MeterValues every 10 s spread ` +
      `over the interval; target p99 < ${P99_TARGET_MS} ms`,
  );
  let metUpTo: number | undefined;
  let firstMiss: number | undefined;
  // Shards inherit this process's limit.
  const ownLimit = openFileLimit('self');
  // Gateways are the CSMS's children and inherit its limit.
  const csmsLimit = openFileLimit(child.pid);
  const fileLimits = (n: number): [string, number | undefined, number][] => [
    ['each simulator process', ownLimit, Math.ceil(n / SHARDS)],
    gateways > 0
      ? ['each connection gateway', csmsLimit, Math.ceil(n / gateways)]
      : ['the CSMS process', csmsLimit, n],
  ];
  try {
    for (const n of SIZES) {
      if (performance.now() - benchStart > SIZE_BUDGET_MS) {
        console.log(`  stopped before ${n} stations: the bench's time budget is spent`);
        break;
      }
      // Every station holds a socket in a simulator process and one in the CSMS's: a size the
      // open-file limit cannot hold fails for that reason alone (connect or accept EMFILE).
      for (const [who, limit, sockets] of fileLimits(n)) {
        if (limit !== undefined && limit < sockets + OTHER_FILES) {
          console.log(
            `  ${n} stations need about ${sockets + OTHER_FILES} open files in ${who}, which may open ${limit}: ` +
              'the missing stations are that limit, not speed (raise it with ulimit -n or prlimit --nofile)',
          );
        }
      }
      const shards = startShards(url, n);
      const t0 = performance.now();
      const childLines0 = log.lines;
      while (shards.online() < n && performance.now() - t0 < BOOT_LIMIT_MS) await sleep(250);
      const bootS = (performance.now() - t0) / 1000;
      const csmsCpu0 = processTreeCpuS(child.pid);
      const results = await shards.measure(MEASURE_MS);
      const csmsCpu1 = processTreeCpuS(child.pid);
      const csmsCores =
        csmsCpu0 === undefined || csmsCpu1 === undefined
          ? 'n/a'
          : ((csmsCpu1 - csmsCpu0) / (MEASURE_MS / 1000)).toFixed(2);
      const online = results.reduce((sum, r) => sum + r.online, 0);
      const sorted = results.flatMap((r) => r.samples).sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      const frames = results.reduce((sum, r) => sum + r.frames, 0);
      const invalid = results.reduce((sum, r) => sum + r.invalid, 0);
      const simCores = results.reduce((sum, r) => sum + r.cpuS, 0) / Math.max(...results.map((r) => r.wallS));
      const rssMb = results.reduce((sum, r) => sum + r.rssMb, 0);
      console.log(
        `  ${String(n).padStart(6)} stations: ${online} online after ${bootS.toFixed(1)} s; ` +
          `${sorted.length} MeterValues in ${MEASURE_MS / 1000} s, round trip p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
          `${Math.round(frames / (MEASURE_MS / 1000))} frames/s; invalid ${invalid}; ` +
          `simulator (${results.length} process${results.length === 1 ? '' : 'es'}) CPU ${simCores.toFixed(2)} cores, RSS ${rssMb} MB; ` +
          `CSMS process${gateways > 0 ? ' and gateways' : ''} CPU while measuring ${csmsCores} cores; ` +
          `simulator event-loop delay p99 ${Math.max(...results.map((r) => r.loopP99Ms)).toFixed(0)} ms, ` +
          `max ${Math.max(...results.map((r) => r.loopMaxMs)).toFixed(0)} ms`,
      );
      if (log.lines > childLines0) {
        console.log(
          `  the CSMS wrote ${log.lines - childLines0} lines to stderr while booting and measuring, the last: ` +
            log.last.join(' | '),
        );
      }
      await shards.stop();
      if (online < n) {
        console.log(
          `  breaks at ${n}: only ${online} of ${n} stations were accepted within ${BOOT_LIMIT_MS / 1000} s`,
        );
        const why = mergeNotOnline(results.map((r) => r.notOnline));
        for (const [message, count] of Object.entries(why).slice(0, 5)) {
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
    // FLEET_BENCH_REPEAT runs each of them this many times and prints the fastest and the median.
    const repeat = Math.max(1, Math.floor(Number(process.env['FLEET_BENCH_REPEAT'] ?? '1')) || 1);
    for (const [kind, csmsKind] of runs) {
      if (only.length > 0 && !only.includes(`${kind}-${csmsKind}`)) continue;
      await virtualDay(kind, csmsKind === 'answering' ? hours : referenceHours, csmsKind, repeat);
    }
  }
  if (process.env['FLEET_BENCH_SKIP_SIZE'] !== '1') {
    const kinds = (process.env['FLEET_BENCH_SIZE_CSMS'] ?? 'answering,reference').split(',');
    for (const kind of kinds) if (kind === 'answering' || kind === 'reference') await fleetSizeFigures(kind);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFleetBench();
