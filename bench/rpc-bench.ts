import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import type { ActivityTracker } from '../common/activity-tracker.js';
import { RealClock, type Clock } from '../common/clock.js';
import { createMemoryTransport } from '../common/memory-transport.js';
import { RpcEndpoint } from '../common/rpc-endpoint.js';
import type { Connection, ListenOptions, Transport } from '../common/transport.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import { createValidator } from '../schemas/validator.js';

const CONNECTIONS = 1_000;
const CALLS_PER_CONNECTION = 20;
const PHASE_LIMIT_MS = 120_000;
const VIRTUAL_CALLS = 1_000;
const T0 = Date.UTC(2026, 0, 1);
const TIME = '2026-01-01T00:00:00.000Z';
const STATUS = { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: TIME };

/** Figures of one phase: frames counted both ways, latency per round trip. */
interface Figures {
  readonly label: string;
  readonly roundTrips: number;
  readonly seconds: number;
  /** CPU seconds this process used (both ends): the figure that holds when other work shares the cores. */
  readonly cpuSeconds: number;
  readonly latenciesMs: number[];
}

function cpuSecondsNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function withLimit<T>(label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${label} took over ${PHASE_LIMIT_MS} ms; stopped`)),
      PHASE_LIMIT_MS,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Runs `calls` sequential round trips on each link at once; returns the figures. */
async function drive(
  label: string,
  links: readonly ((i: number) => Promise<unknown>)[],
  calls: number,
): Promise<Figures> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const cpuStart = cpuSecondsNow();
  await withLimit(
    label,
    Promise.all(
      links.map(async (roundTrip) => {
        for (let i = 0; i < calls; i++) {
          const t = performance.now();
          await roundTrip(i);
          latenciesMs.push(performance.now() - t);
        }
      }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSecondsNow() - cpuStart;
  const roundTrips = links.length * calls;
  return { label, roundTrips, seconds, cpuSeconds, latenciesMs: latenciesMs.sort((a, b) => a - b) };
}

/** Raw `ws` echo: the ceiling for anything built on the same sockets. */
async function rawWsEcho(): Promise<Figures> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data, { binary: false })));
  const port = (wss.address() as { port: number }).port;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < CONNECTIONS; i += 100) {
    const batch = Array.from({ length: Math.min(100, CONNECTIONS - i) }, (_, k) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ocpp/RAW${i + k}`, ['ocpp1.6']);
      return new Promise<WebSocket>((resolve, reject) => {
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const frame = JSON.stringify([2, '1', 'StatusNotification', STATUS]);
  const links = sockets.map(
    (ws) => () =>
      new Promise<void>((resolve) => {
        ws.once('message', () => resolve());
        ws.send(frame);
      }),
  );
  const figures = await drive('raw ws echo (ceiling)', links, CALLS_PER_CONNECTION);
  for (const ws of sockets) ws.terminate();
  await new Promise((resolve) => wss.close(resolve));
  return figures;
}

interface Fleet {
  readonly stations: RpcEndpoint[];
  close(): Promise<void>;
}

/** Starts a CSMS on `transport` and connects `count` stations, each side with its own endpoint. */
async function fleet(
  transport: Transport,
  where: ListenOptions,
  count: number,
  clock: Clock,
  version: '1.6' | '2.0.1' = '1.6',
): Promise<Fleet> {
  const validator = createValidator();
  const server = await transport.listen(where);
  server.onConnection((connection: Connection) => {
    const csms = new RpcEndpoint({ connection, version, side: 'csms', clock, validator });
    csms.handle('StatusNotification', () => ({}));
    csms.handle('Heartbeat', (_p, ctx) => ({ currentTime: new Date(ctx.receivedAtMs).toISOString() }));
  });
  const stations: RpcEndpoint[] = [];
  const protocol = version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1';
  for (let i = 0; i < count; i += 100) {
    const ids = Array.from(
      { length: Math.min(100, count - i) },
      (_, k) => `CP${String(i + k).padStart(4, '0')}`,
    );
    const connections = await Promise.all(ids.map((id) => transport.connect(server.url, id, [protocol])));
    for (const connection of connections) {
      stations.push(new RpcEndpoint({ connection, version, side: 'station', clock, validator }));
    }
  }
  return {
    stations,
    async close() {
      await server.close();
    },
  };
}

async function rpcOver(label: string, transport: Transport, where: ListenOptions): Promise<Figures> {
  const f = await fleet(transport, where, CONNECTIONS, new RealClock());
  const links = f.stations.map(
    (s) => (i: number) => (i % 2 === 0 ? s.call('StatusNotification', STATUS) : s.call('Heartbeat', {})),
  );
  const figures = await drive(label, links, CALLS_PER_CONNECTION);
  await f.close();
  return figures;
}

/** Wall time of a 1,000-call ping-pong, 10 s apart in virtual time, over a transport sharing the clock's tracker. */
async function virtualPingPong(
  make: (tracker: ActivityTracker) => Transport,
  where: ListenOptions,
): Promise<number> {
  const clock = new VirtualClock({ startMs: T0 });
  const f = await fleet(make(clock.tracker), where, 1, clock, '2.0.1');
  const station = f.stations[0]!;
  let answered = 0;
  let failure: unknown;
  const beat = (): void => {
    station.call('Heartbeat', {}).then(
      () => {
        if (++answered < VIRTUAL_CALLS) clock.setTimer(beat, 10_000);
      },
      (err: unknown) => (failure = err),
    );
  };
  const start = performance.now();
  clock.setTimer(beat, 10_000);
  await withLimit('virtual ping-pong', clock.advanceTo(T0 + VIRTUAL_CALLS * 10_000));
  const seconds = (performance.now() - start) / 1000;
  await f.close();
  if (failure !== undefined || answered !== VIRTUAL_CALLS) {
    throw new Error(`virtual ping-pong answered ${answered}/${VIRTUAL_CALLS}: ${String(failure)}`);
  }
  return seconds;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function row(f: Figures): string {
  return (
    `  ${f.label.padEnd(26)}${fmt((2 * f.roundTrips) / f.seconds).padStart(11)}` +
    `${fmt((2 * f.roundTrips) / f.cpuSeconds).padStart(13)}${fmt(f.roundTrips / f.seconds).padStart(10)}` +
    `${quantile(f.latenciesMs, 0.5).toFixed(2).padStart(9)}${quantile(f.latenciesMs, 0.99).toFixed(2).padStart(9)}`
  );
}

/**
 * OCPP-J round trips over loopback ws and over memory (1,000 connections, one process both ends,
 * schema validation on both ends), raw ws echo as the ceiling, and the virtual-time ping-pong.
 */
export async function runRpcBench(): Promise<void> {
  console.log(
    `rpc: ${CONNECTIONS.toLocaleString('en-US')} connections x ${CALLS_PER_CONNECTION} sequential round trips, ` +
      'one process both ends, loopback; RPC validates every payload on both ends',
  );
  console.log('     (1.6 StatusNotification and Heartbeat alternating; a frame is one message one way)');
  const raw = await rawWsEcho();
  const ws = await rpcOver('RpcEndpoint over ws', createWsTransport(), { port: 0, host: '127.0.0.1' });
  const memory = await rpcOver('RpcEndpoint over memory', createMemoryTransport(), { name: 'rpc-bench' });
  console.log(
    `  ${'path'.padEnd(26)}${'frames/s'.padStart(11)}${'frames/CPU-s'.padStart(13)}${'rt/s'.padStart(10)}` +
      `${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`,
  );
  for (const f of [raw, ws, memory]) console.log(row(f));
  console.log(
    `  RPC over ws / raw ws echo: ${(raw.seconds / ws.seconds).toFixed(2)} of the ceiling by wall time, ` +
      `${(raw.cpuSeconds / ws.cpuSeconds).toFixed(2)} by CPU time`,
  );
  const wsVirtual = await virtualPingPong((tracker) => createWsTransport({ tracker }), {
    port: 0,
    host: '127.0.0.1',
  });
  const memVirtual = await virtualPingPong((tracker) => createMemoryTransport({ tracker }), {
    name: 'rpc-bench-virtual',
  });
  console.log(
    `virtual time: ${VIRTUAL_CALLS.toLocaleString('en-US')} CALLs 10 s apart (${(VIRTUAL_CALLS * 10).toLocaleString('en-US')} s virtual): ` +
      `ws ${wsVirtual.toFixed(2)} s wall, memory ${memVirtual.toFixed(2)} s wall`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRpcBench();
}
