import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RealClock } from '../../common/clock.js';
import { forkSibling } from '../../common/fork-module.js';
import { writeFleetSummary } from '../../simulator/fleet/fleet-report.js';
import { mergeFrameFiles } from '../../simulator/fleet/merge-frame-files.js';
import { mergeFleetSummaries, mergeNotOnline } from '../../simulator/fleet/merge-summaries.js';
import { MAX_PROCESSES, STATIONS_PER_PROCESS } from './simulate-options.js';
import type { SimulateSettings } from './simulate-options.js';
import { progressFor } from './simulate-progress.js';
import type { Progress, FleetFacts } from './simulate-progress.js';
import { defaultReportDir, durationText, reportRun, runSummary } from './simulate-run-report.js';
import type { RunSummary } from './simulate-run-report.js';
import type { ShardCommand, ShardMessage, ShardStart } from './simulate-shard.js';

/** A fleet run spread over simulator processes. */
export interface ProcessesRunOptions {
  /** The fleet, as each process gets it (each adds its slice and directory). */
  readonly fleet: Omit<ShardStart, 'shard' | 'dir'>;
  readonly processes: number;
  /** The run's report directory: frames.jsonl is written here, merged from the processes' own. */
  readonly dir: string;
  /** How long the fleet runs once every station has started, ms. */
  readonly durationMs: number;
  readonly progress: Progress;
  /** Ends the run early, as at the end of its duration (the command aborts it on Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Longest wait for the processes to end their sessions and report, ms. Default 120 s. */
  readonly stopTimeoutMs?: number;
}

/** How the run went. */
export interface ProcessesRun {
  readonly summary: RunSummary;
  readonly interrupted: boolean;
  /** Frames in the merged frames.jsonl. */
  readonly frames: number;
}

class SimulatorProcess {
  readonly #child: ChildProcess;
  facts: FleetFacts = { online: 0, tx: 0, frames: 0, invalid: 0 };
  readonly started: Promise<void>;
  readonly done: Promise<RunSummary>;
  /** Settles when the process has ended. */
  readonly closed: Promise<void>;

  /** Process `number` of `of` (from 1), for messages. */
  constructor(number: number, of: number) {
    this.#child = forkSibling(import.meta.url, 'simulate-shard', {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let started!: () => void;
    let done!: (summary: RunSummary) => void;
    let failed!: (error: Error) => void;
    const failure = new Promise<never>((_, reject) => {
      failed = reject;
    });
    failure.catch(() => undefined);
    this.started = Promise.race([new Promise<void>((r) => (started = r)), failure]);
    this.done = Promise.race([new Promise<RunSummary>((r) => (done = r)), failure]);
    this.started.catch(() => undefined);
    this.done.catch(() => undefined);
    const name = `simulator process ${number} of ${of}`;
    this.#child.on('message', (message: ShardMessage) => {
      if (message.kind === 'started') started();
      else if (message.kind === 'progress') this.facts = message.facts;
      else if (message.kind === 'done') done(message.summary);
      else failed(new Error(`${name}: ${message.message}`));
    });
    this.#child.on('error', (error) => failed(new Error(`${name}: ${error.message}`)));
    // 'close' comes after every message the process sent has been delivered ('exit' may not).
    this.closed = new Promise((resolve) => {
      this.#child.on('close', (code, signal) => {
        failed(new Error(`${name} exited (${signal ?? `code ${String(code)}`}) before it reported`));
        resolve();
      });
    });
  }

  send(command: ShardCommand): void {
    if (this.#child.connected) this.#child.send(command);
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
  }
}

function sum(processes: readonly SimulatorProcess[]): FleetFacts {
  const total: FleetFacts = { online: 0, tx: 0, frames: 0, invalid: 0 };
  for (const p of processes) {
    total.online += p.facts.online;
    total.tx += p.facts.tx;
    total.frames += p.facts.frames;
    total.invalid += p.facts.invalid;
  }
  return total;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a fleet in real time spread over `processes` simulator processes, slice k in the k-th
 * (`FleetOptions.shard`): each has its own heap, event loop and open-file limit, so a fleet far
 * larger than one process can hold runs at full speed. The processes ignore Ctrl-C (a terminal
 * sends it to the whole process group): `signal` ends the run for all of them. The processes' frames are merged in time order into `dir/frames.jsonl` and their
 * summaries into one; their own directories are removed afterwards.
 * @throws Error naming the process when one fails (the others are stopped; its files are kept)
 */
export async function runInProcesses(options: ProcessesRunOptions): Promise<ProcessesRun> {
  const count = options.processes;
  const dirs = Array.from({ length: count }, (_, k) => join(options.dir, `process-${k + 1}`));
  const processes = dirs.map((_, k) => new SimulatorProcess(k + 1, count));
  let interrupted = false;
  let interrupt!: () => void;
  const interruption = new Promise<void>((resolve) => (interrupt = resolve));
  const onAbort = (): void => {
    interrupted = true;
    interrupt();
  };
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const clock = new RealClock();
  let summaries: RunSummary[];
  try {
    processes.forEach((p, k) =>
      p.send({ kind: 'start', start: { ...options.fleet, shard: { index: k, count }, dir: dirs[k]! } }),
    );
    // Ctrl-C while thousands of stations are still connecting ends the run there.
    await Promise.race([Promise.all(processes.map((p) => p.started)), interruption]);
    const anyFailed = Promise.all(processes.map((p) => p.done));
    anyFailed.catch(() => undefined);
    const start = clock.now();
    const end = start + options.durationMs;
    while (clock.now() < end && !interrupted) {
      await Promise.race([clock.sleep(Math.min(1_000, end - clock.now())), anyFailed, interruption]);
      options.progress.update(clock.now() - start, sum(processes));
    }
    for (const p of processes) p.send({ kind: 'stop' });
    summaries = await within(
      Promise.all(processes.map((p) => p.done)),
      options.stopTimeoutMs ?? 120_000,
      'ending the simulator processes',
    );
    await within(
      Promise.all(processes.map((p) => p.closed)),
      10_000,
      'the simulator processes exiting after their report',
    );
  } catch (error) {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.closed));
    throw new Error(
      `${(error as Error).message}; the run is incomplete (what each process wrote is in ${dirs.join(', ')})`,
      { cause: error },
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const frames = await mergeFrameFiles(
    dirs.map((d) => join(d, 'frames.jsonl')),
    join(options.dir, 'frames.jsonl'),
  );
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return {
    summary: {
      ...mergeFleetSummaries(summaries),
      notOnline: mergeNotOnline(summaries.map((p) => p.notOnline)),
    },
    interrupted,
    frames,
  };
}

/**
 * Simulator processes for a run: as asked, or one per {@link STATIONS_PER_PROCESS} stations where
 * the fleet can be split (real time against an external CSMS, no site).
 */
export function processesFor(settings: SimulateSettings): number {
  if (settings.processes !== undefined) return Math.min(settings.processes, settings.stations ?? 1);
  if (settings.internal || settings.site !== undefined) return 1;
  return Math.min(MAX_PROCESSES, Math.ceil((settings.stations ?? 1) / STATIONS_PER_PROCESS));
}

/** A run in real time spread over `processes` simulator processes. */
export async function runSimulateInProcesses(
  settings: SimulateSettings,
  processes: number,
  samples: 'aligned' | 'staggered',
): Promise<number> {
  const dir = settings.report ?? defaultReportDir();
  mkdirSync(dir, { recursive: true });
  const stations = settings.stations ?? 1;
  process.stderr.write(
    `simulating ${stations} station(s) in ${processes} processes against ${settings.csms} for ` +
      `${durationText(settings.durationMs)} (real time), seed ${settings.seed}\n`,
  );
  const wallStart = performance.now();
  const clock = new RealClock();
  const startMs = clock.now();
  const progress = progressFor(settings.durationMs);
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  let result: Awaited<ReturnType<typeof runInProcesses>>;
  try {
    result = await runInProcesses({
      fleet: {
        csmsUrl: settings.csms,
        seed: settings.seed,
        stations,
        version: settings.version,
        meterIntervalS: settings.meterIntervalS,
        faults: settings.faults,
        idTags: settings.idTags,
        staggerSamples: samples === 'staggered',
        ...(settings.arrivals === undefined ? {} : { arrivals: settings.arrivals }),
      },
      processes,
      dir,
      durationMs: settings.durationMs,
      progress,
      signal: interrupt.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    progress.stop();
  }
  const run = {
    speed: 'realtime',
    samples,
    processes,
    wallSeconds: Math.round((performance.now() - wallStart) / 100) / 10,
  };
  const summaryPath = writeFleetSummary(
    dir,
    runSummary(settings, undefined, startMs, clock.now(), result.interrupted, result.summary, run),
  );
  return reportRun(result.summary, join(dir, 'frames.jsonl'), summaryPath);
}
