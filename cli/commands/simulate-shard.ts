import { pathToFileURL } from 'node:url';
import { RealClock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { createFleet } from '../../simulator/fleet/create-fleet.js';
import type { FleetShard } from '../../simulator/fleet/create-fleet.js';
import type { FleetFaultShare } from '../../simulator/fleet/fleet-plan.js';
import { FleetReportWriter } from '../../simulator/fleet/fleet-report.js';
import { fleetFacts } from './simulate-progress.js';
import type { FleetFacts } from './simulate-progress.js';
import type { RunSummary } from './simulate-run-report.js';

/**
 * One simulator process of `ocpp-harness simulate --processes N`: it runs one slice of the fleet
 * (`FleetOptions.shard`) in real time over real sockets, writes the slice's frames.jsonl and
 * summary.json into a directory of its own, and talks to the simulate command over IPC. It stops
 * only when told to (or when the command goes away): Ctrl-C on a terminal reaches every process of
 * the group, and the command ends the run for all of them.
 */

/** The fleet slice a simulator process runs. */
export interface ShardStart {
  readonly csmsUrl: string;
  readonly seed: string;
  /** Stations of the whole fleet. */
  readonly stations: number;
  readonly version: OcppVersion | 'mixed';
  readonly meterIntervalS: number;
  readonly faults: readonly FleetFaultShare[];
  readonly idTags: readonly string[];
  readonly arrivals?: 'daily' | 'continuous' | 'none';
  readonly staggerSamples: boolean;
  readonly shard: FleetShard;
  /** Where this process writes its frames.jsonl and summary.json. */
  readonly dir: string;
}

/** What the simulate command sends a simulator process. */
export type ShardCommand = { kind: 'start'; start: ShardStart } | { kind: 'stop' };

/** What a simulator process sends back. */
export type ShardMessage =
  | { kind: 'started' }
  | { kind: 'progress'; facts: FleetFacts }
  | { kind: 'done'; summary: RunSummary }
  | { kind: 'failed'; message: string };

/** Sends `message`; resolves once it is handed to the channel (or at once with no channel). */
function send(message: ShardMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  void send({ kind: 'failed', message }).then(() => process.exit(1));
}

async function runShard(start: ShardStart): Promise<void> {
  const writer = new FleetReportWriter(start.dir);
  const fleet = createFleet({
    clock: new RealClock(),
    transport: createWsTransport(),
    csmsUrl: start.csmsUrl,
    seed: start.seed,
    stations: start.stations,
    version: start.version,
    meterIntervalS: start.meterIntervalS,
    staggerSamples: start.staggerSamples,
    shard: start.shard,
    onFrame: writer.tap,
    ...(start.faults.length === 0 ? {} : { faults: start.faults }),
    ...(start.idTags.length === 0 ? {} : { idTags: start.idTags }),
    ...(start.arrivals === undefined ? {} : { arrivals: start.arrivals }),
  });
  const progress = setInterval(() => void send({ kind: 'progress', facts: fleetFacts(fleet) }), 1_000);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(progress);
      const online = fleetFacts(fleet).online;
      const notOnline = fleet.notOnline();
      await fleet.stop({ endTransactions: true });
      const summary = { ...fleet.summary(), online, notOnline };
      await writer.finish(summary);
      await send({ kind: 'done', summary });
    })());
  process.on('message', (command: ShardCommand) => {
    if (command.kind === 'stop') {
      stop().then(() => {
        if (process.connected) process.disconnect();
      }, fail);
    }
  });
  // The simulate command went away without a word: end the sessions cleanly and go.
  process.on('disconnect', () => {
    stop().then(() => process.exit(0), fail);
  });
  await fleet.start();
  await send({ kind: 'started' });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.on('SIGINT', () => undefined);
  process.title = 'ocpp-harness simulator';
  process.once('message', (command: ShardCommand) => {
    if (command.kind === 'start') runShard(command.start).catch(fail);
  });
}
