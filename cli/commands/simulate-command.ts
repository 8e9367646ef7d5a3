import type { Command } from 'commander';
import { RealClock } from '../../common/clock.js';
import type { Clock } from '../../common/clock.js';
import { createMemoryTransport } from '../../common/memory-transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { UserStore } from '../../csms/auth/user-store.js';
import { createCsms } from '../../csms/create-csms.js';
import type { Csms } from '../../csms/create-csms.js';
import { createFleet } from '../../simulator/fleet/create-fleet.js';
import type { Fleet } from '../../simulator/fleet/create-fleet.js';
import { FleetReportWriter } from '../../simulator/fleet/fleet-report.js';
import { loadSite } from '../../simulator/site/load-site.js';
import type { SiteConfig } from '../../simulator/site/site-config.js';
import { UsageError } from '../usage-error.js';
import { STATIONS_PER_PROCESS, parseSimulateOptions } from './simulate-options.js';
import { processesFor, runSimulateInProcesses } from './simulate-processes.js';
import { defaultReportDir, durationText, reportRun, runSummary } from './simulate-run-report.js';
import { fleetFacts, progressFor } from './simulate-progress.js';
import type { Progress } from './simulate-progress.js';
import type { RawSimulateOptions, SimulateSettings } from './simulate-options.js';

function readSite(path: string): SiteConfig {
  try {
    return loadSite(path);
  } catch (error) {
    throw new UsageError(`--site: ${(error as Error).message}`);
  }
}

/** Runs the fleet until `durationMs` of its clock have passed (or SIGINT), reporting progress. */
async function runFor(
  settings: SimulateSettings,
  clock: Clock,
  fleet: Fleet,
  progress: Progress,
): Promise<boolean> {
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  const start = clock.now();
  const end = start + settings.durationMs;
  try {
    if (clock instanceof VirtualClock) {
      const stepMs =
        settings.speed.kind === 'factor'
          ? Math.max(1_000, Math.round(settings.speed.factor * 1_000))
          : 60_000;
      const wallStart = performance.now();
      while (clock.now() < end && !interrupted) {
        await clock.advanceTo(Math.min(end, clock.now() + stepMs));
        progress.update(clock.now() - start, fleetFacts(fleet));
        if (settings.speed.kind === 'factor') {
          const dueWall = wallStart + (clock.now() - start) / settings.speed.factor;
          const waitMs = dueWall - performance.now();
          if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    } else {
      while (clock.now() < end && !interrupted) {
        await clock.sleep(Math.min(1_000, end - clock.now()));
        progress.update(clock.now() - start, fleetFacts(fleet));
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
  return interrupted;
}

/** Runs `ocpp-harness simulate` with checked settings; returns the exit code. */
export async function runSimulate(settings: SimulateSettings): Promise<number> {
  const site = settings.site === undefined ? undefined : readSite(settings.site);
  let speed = settings.speed;
  if (!settings.internal && speed.kind !== 'realtime') {
    process.stderr.write(
      `note: --speed ${speed.kind === 'max' ? 'max' : `${speed.factor}x`} needs a virtual clock shared with the CSMS, ` +
        `so only applies with --csms internal; running in real time against ${settings.csms}\n`,
    );
    speed = { kind: 'realtime' };
  }
  const virtual = speed.kind !== 'realtime';
  // Chargers count their sample interval from their own start: against a CSMS in real time the
  // fleet's meter values are spread like theirs. In virtual time aligned instants run fastest.
  const samples = settings.samples ?? (virtual ? 'aligned' : 'staggered');
  const processes = processesFor(settings);
  if (processes > 1) return runSimulateInProcesses(settings, processes, samples);
  const clock: Clock = virtual
    ? new VirtualClock({ startMs: settings.startMs ?? Date.now() })
    : new RealClock();
  const tracker = clock instanceof VirtualClock ? clock.tracker : undefined;
  const transport =
    settings.transport === 'memory'
      ? createMemoryTransport(tracker === undefined ? {} : { tracker })
      : createWsTransport(tracker === undefined ? {} : { tracker });
  let csms: Csms | undefined;
  let csmsUrl = settings.csms;
  let idTags = settings.idTags;
  if (settings.internal) {
    csms = createCsms({ clock, transport, store: { dataDir: ':memory:' }, port: 0, seed: settings.seed });
    await csms.start();
    csmsUrl = csms.ocppUrl;
    if (idTags.length === 0)
      idTags = Array.from({ length: 20 }, (_, i) => `SIMTAG${String(i + 1).padStart(3, '0')}`);
    const users = new UserStore(csms.store);
    for (const token of idTags) await users.addToken({ token }, clock.now());
  }
  const dir = settings.report ?? defaultReportDir();
  const writer = new FleetReportWriter(dir);
  const fleet = createFleet({
    clock,
    transport,
    csmsUrl,
    seed: settings.seed,
    version: settings.version,
    meterIntervalS: settings.meterIntervalS,
    staggerSamples: samples === 'staggered',
    onFrame: writer.tap,
    ...(settings.stations === undefined ? {} : { stations: settings.stations }),
    ...(site === undefined ? {} : { site }),
    ...(settings.faults.length === 0 ? {} : { faults: settings.faults }),
    ...(idTags.length === 0 ? {} : { idTags }),
    ...(settings.arrivals === undefined ? {} : { arrivals: settings.arrivals }),
  });
  process.stderr.write(
    `simulating ${fleet.stations.length} station(s) against ${csmsUrl} for ${durationText(settings.durationMs)} ` +
      `(${virtual ? (speed.kind === 'max' ? 'virtual time, as fast as possible' : `virtual time at ${speed.kind === 'factor' ? speed.factor : 1}x`) : 'real time'}), seed ${settings.seed}\n`,
  );
  const wallStart = performance.now();
  const startMs = clock.now();
  const progress = progressFor(settings.durationMs);
  let interrupted: boolean;
  let onlineAtEnd: number;
  let notOnline: Record<string, number>;
  try {
    await fleet.start();
    interrupted = await runFor({ ...settings, speed }, clock, fleet, progress);
  } finally {
    onlineAtEnd = fleetFacts(fleet).online;
    notOnline = fleet.notOnline();
    progress.stop();
    const stopping = fleet.stop({ endTransactions: true });
    if (clock instanceof VirtualClock) await clock.advanceBy(60_000);
    await stopping;
  }
  // Stations online when the run ended, not after they were stopped.
  const summary = { ...fleet.summary(), online: onlineAtEnd, notOnline };
  const run = {
    speed: speed.kind === 'factor' ? `${speed.factor}x` : speed.kind,
    samples,
    processes: 1,
    wallSeconds: Math.round((performance.now() - wallStart) / 100) / 10,
  };
  await writer.finish(runSummary(settings, site, startMs, clock.now(), interrupted, summary, run));
  await csms?.stop();
  return reportRun(summary, writer.framesPath, writer.summaryPath);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `ocpp-harness simulate`: a fleet of simulated chargers against any CSMS. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run a fleet of simulated OCPP 1.6-J / 2.0.1 chargers against a CSMS and record every frame')
    .requiredOption(
      '--csms <url>',
      'CSMS to connect to: ws://HOST:PORT/PATH, or "internal" for the reference CSMS in this process',
    )
    .option('--stations <n>', "number of stations (default: the site's chargers, or 1)")
    .option('--version <version>', 'OCPP version of generated stations: 1.6, 2.0.1 or mixed', '1.6')
    .option('--site <file>', 'site JSON (schemas/site/site.schema.json): chargers, PV, home load, fuse')
    .option('--duration <duration>', 'how long to simulate: 90s, 30m, 2h, 1h30m, 1d', '1h')
    .option(
      '--speed <speed>',
      'realtime, max or a factor like 60x (max and NNx need --csms internal)',
      'realtime',
    )
    .option('--seed <seed>', 'run seed: the same seed gives the same frames (default: a new one, printed)')
    .option(
      '--report <dir>',
      'where to write frames.jsonl and summary.json (default reports/out/<time>-simulate/)',
    )
    .option('--meter-interval <seconds>', 'MeterValueSampleInterval of every station', '10')
    .option('--transport <kind>', 'ws (real sockets) or memory (in process, with --csms internal)', 'ws')
    .option('--start <time>', 'simulated start time in virtual time, ISO-8601 (default now)')
    .option('--faults <json|file>', 'fault shares, e.g. \'[{"share":0.1,"faults":{"dropRate":0.01}}]\'')
    .option('--id-tag <tag>', 'idTag users present (repeat for several; default seeded tags)', collect, [])
    .option(
      '--arrivals <pattern>',
      'how EVs come: daily (site default), continuous (default without site) or none',
    )
    .option(
      '--samples <when>',
      'meter value instants: aligned (all stations at once) or staggered (seeded, spread over the interval); default staggered in real time, aligned in virtual time',
    )
    .option(
      '--processes <n>',
      `simulator processes to spread the stations over, in real time against an external CSMS without --site (default: one per ${STATIONS_PER_PROCESS} stations)`,
    )
    .action(async (raw: RawSimulateOptions) => {
      process.exitCode = await runSimulate(parseSimulateOptions(raw));
    });
}
