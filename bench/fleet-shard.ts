import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { RealClock } from '../common/clock.js';
import type { FrameRecord } from '../common/rpc-types.js';
import { createWsTransport } from '../common/ws-transport.js';
import { createFleet } from '../simulator/fleet/create-fleet.js';
import type { FleetShard } from '../simulator/fleet/create-fleet.js';

/**
 * One slice of the fleet-size bench's stations (`FleetOptions.shard`), in a process of its own: each load generator has
 * its own heap (so its own, shorter, garbage-collection pauses, which would otherwise show in the
 * round trips it times) and its own open-file limit. The bench process talks to it over IPC.
 */

/** What the bench sends a shard. */
export type ShardCommand =
  | { kind: 'start'; url: string; stations: number; shard: FleetShard; seed: string }
  | { kind: 'measure'; ms: number }
  | { kind: 'stop' };

/** What a shard sends back. */
export type ShardReport =
  | { kind: 'status'; online: number }
  | {
      kind: 'result';
      /** MeterValues round trips while measuring, ms. */
      samples: number[];
      frames: number;
      invalid: number;
      online: number;
      /** Why stations are not online: latest problem -> stations (`Fleet.notOnline`). */
      notOnline: Record<string, number>;
      /** CPU (all threads) and wall time since the shard started, s. */
      cpuS: number;
      wallS: number;
      rssMb: number;
      loopP99Ms: number;
      loopMaxMs: number;
    }
  | { kind: 'stopped' };

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

function send(report: ShardReport): void {
  process.send?.(report);
}

function runShard(start: Extract<ShardCommand, { kind: 'start' }>): void {
  const clock = new RealClock();
  const trips = new RoundTrips();
  const fleet = createFleet({
    clock,
    transport: createWsTransport(),
    csmsUrl: start.url,
    seed: start.seed,
    stations: start.stations,
    shard: start.shard,
    version: 'mixed',
    arrivals: 'none',
    idleMeterValues: true,
    staggerSamples: true,
    meterIntervalS: 10,
    connectConcurrency: 100,
    onFrame: trips.tap,
  });
  const online = (): number => fleet.stations.filter((s) => s.isOnline).length;
  const status = setInterval(() => send({ kind: 'status', online: online() }), 250);
  fleet.start().catch((error: unknown) => {
    process.stderr.write(`fleet shard ${start.shard.index + 1}: ${(error as Error).message}\n`);
    process.exit(1);
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();

  process.on('message', (command: ShardCommand) => {
    if (command.kind === 'measure') {
      clearInterval(status);
      trips.recording = true;
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const frames0 = fleet.frameStats.total;
      setTimeout(() => {
        trips.recording = false;
        loopDelay.disable();
        const cpu = process.cpuUsage(cpu0);
        send({
          kind: 'result',
          samples: trips.samples,
          frames: fleet.frameStats.total - frames0,
          invalid: fleet.frameStats.invalid,
          online: online(),
          notOnline: fleet.notOnline(),
          cpuS: (cpu.user + cpu.system) / 1e6,
          wallS: (performance.now() - t0) / 1000,
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
          loopP99Ms: loopDelay.percentile(99) / 1e6,
          loopMaxMs: loopDelay.max / 1e6,
        });
      }, command.ms);
    } else if (command.kind === 'stop') {
      clearInterval(status);
      void fleet.stop().then(() => {
        send({ kind: 'stopped' });
        process.disconnect?.();
      });
    }
  });
}

process.once('message', (command: ShardCommand) => {
  if (command.kind === 'start') runShard(command);
});
