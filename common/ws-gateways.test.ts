import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker } from './activity-tracker.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import { inboxOf } from './test-support/transport-cases.js';
import type { Connection, ConnectionRequest, ListenOptions, TransportServer } from './transport.js';
import { createWsTransport } from './ws-transport.js';

const haveProc = (() => {
  try {
    readdirSync('/proc/self/fd');
    return true;
  } catch {
    return false;
  }
})();
const openFiles = (): number => readdirSync('/proc/self/fd').length;

describe('ws transport with connection gateways', () => {
  const servers: TransportServer[] = [];
  const clients: Connection[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const gateways = createWsTransport({ gateways: 2 });
  const plain = createWsTransport();

  async function start(
    extra: Omit<ListenOptions, 'port' | 'host'> = {},
  ): Promise<{ server: TransportServer; accepted: [Connection, ConnectionRequest][] }> {
    const server = await gateways.listen({ port: 0, host: '127.0.0.1', ...extra });
    servers.push(server);
    const accepted: [Connection, ConnectionRequest][] = [];
    server.onConnection((c, r) => accepted.push([c, r]));
    return { server, accepted };
  }

  async function connect(url: string, id: string, protocols = ['ocpp1.6'] as const): Promise<Connection> {
    const c = await plain.connect(url, id, protocols);
    clients.push(c);
    return c;
  }

  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('accepts stations, negotiates the subprotocol and carries frames both ways in order', async () => {
    const { server, accepted } = await start({ protocols: ['ocpp2.0.1', 'ocpp1.6'] });
    const a = await connect(server.url, 'GW-A', ['ocpp1.6']);
    const b = await connect(server.url, 'GW-B', ['ocpp1.6', 'ocpp2.0.1'] as unknown as ['ocpp1.6']);
    await until(() => accepted.length === 2);
    const byId = new Map(accepted.map(([c]) => [c.stationId, c]));
    expect(byId.get('GW-A')!.protocol).toBe('ocpp1.6');
    expect(b.protocol).toBe('ocpp2.0.1');
    expect(accepted.find(([c]) => c.stationId === 'GW-A')![1].path).toBe('/ocpp/GW-A');

    const atServer = inboxOf(byId.get('GW-A')!);
    const atStation = inboxOf(a);
    for (let i = 0; i < 50; i++) await a.send(`[2,"${i}","Heartbeat",{}]`);
    for (let i = 0; i < 50; i++) await byId.get('GW-A')!.send(`[3,"${i}",{}]`);
    await until(() => atServer.frames.length === 50 && atStation.frames.length === 50);
    expect(atServer.frames).toEqual(Array.from({ length: 50 }, (_, i) => `[2,"${i}","Heartbeat",{}]`));
    expect(atStation.frames).toEqual(Array.from({ length: 50 }, (_, i) => `[3,"${i}",{}]`));
  });

  it.runIf(haveProc)('holds no socket per station in the server process', async () => {
    const { server, accepted } = await start();
    const before = openFiles();
    // The stations' own sockets are in this process too: count them apart.
    const stations = await Promise.all(
      Array.from({ length: 40 }, (_, i) => connect(server.url, `GW-FD-${i}`)),
    );
    await until(() => accepted.length === 40);
    const withStations = openFiles();
    // 40 client sockets here; a server holding its own would add 40 more.
    expect(withStations - before).toBeGreaterThanOrEqual(40);
    expect(withStations - before).toBeLessThan(50);
    expect(stations.every((s) => s.isOpen)).toBe(true);
  });

  it('refuses a station the server does not authorise, before any gateway sees it', async () => {
    const { server, accepted } = await start({
      authorize: (r) => (r.stationId === 'GW-NO' ? { status: 404, reason: 'unknown station GW-NO' } : true),
    });
    await expect(connect(server.url, 'GW-NO')).rejects.toThrow(/404.*unknown station GW-NO/);
    await connect(server.url, 'GW-YES');
    await until(() => accepted.length === 1);
    expect(accepted[0]![0].stationId).toBe('GW-YES');
  });

  it('closes with the code either side gives, and a send after the close is refused', async () => {
    const { server, accepted } = await start();
    const station = await connect(server.url, 'GW-CLOSE');
    await until(() => accepted.length === 1);
    const [serverSide] = accepted[0]!;
    const atStation = inboxOf(station);
    await serverSide.close(4001, 'go away');
    expect(await atStation.closed).toEqual({ code: 4001, reason: 'go away' });
    expect(serverSide.isOpen).toBe(false);
    await expect(serverSide.send('[2,"1","Heartbeat",{}]')).rejects.toBeInstanceOf(ConnectionClosedError);

    const other = await connect(server.url, 'GW-CLOSE-2');
    await until(() => accepted.length === 2);
    const atServer = inboxOf(accepted[1]![0]);
    await other.close(1000, 'done');
    expect(await atServer.closed).toEqual({ code: 1000, reason: 'done' });
  });

  it('closes a station that sends a frame over the limit with 1009, on both sides', async () => {
    const { server, accepted } = await start({ maxFrameBytes: 1024 });
    const station = await connect(server.url, 'GW-BIG');
    await until(() => accepted.length === 1);
    const atServer = inboxOf(accepted[0]![0]);
    const atStation = inboxOf(station);
    await station.send(`"${'x'.repeat(2000)}"`);
    expect((await atServer.closed).code).toBe(1009);
    expect((await atStation.closed).code).toBe(1009);
  });

  it('closes every station with 1001 when the server closes, and stops its gateways', async () => {
    const { server, accepted } = await start();
    const stations = await Promise.all([connect(server.url, 'GW-S1'), connect(server.url, 'GW-S2')]);
    await until(() => accepted.length === 2);
    const closes = stations.map((s) => inboxOf(s).closed);
    await server.close();
    servers.length = 0;
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([1001, 1001]);
  });

  it.runIf(haveProc)('leaves no gateway process behind when the port is taken', async () => {
    const { server } = await start();
    const port = Number(new URL(server.url).port);
    const before = gatewayPids().length;
    await expect(gateways.listen({ port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    expect(gatewayPids()).toHaveLength(before);
  });

  it('refuses a virtual-time tracker and a bad count, saying what to change', () => {
    expect(() => createWsTransport({ gateways: 2, tracker: new ActivityTracker() })).toThrow(
      /gateways need real time/,
    );
    expect(() => createWsTransport({ gateways: -1 })).toThrow(/gateways must be a whole number from 0 to 64/);
  });
});

describe('a connection gateway that exits', () => {
  it.runIf(haveProc)(
    'ends its stations on the server side (1006) and is started again for new ones',
    async () => {
      const gatewaysBefore = new Set(gatewayPids());
      const server = await createWsTransport({ gateways: 1 }).listen({ port: 0, host: '127.0.0.1' });
      const accepted: Connection[] = [];
      server.onConnection((c) => accepted.push(c));
      const plain = createWsTransport();
      const first = await plain.connect(server.url, 'GW-CRASH-1', ['ocpp1.6']);
      while (accepted.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const atServer = inboxOf(accepted[0]!);
      const atStation = inboxOf(first);
      const ours = gatewayPids().filter((pid) => !gatewaysBefore.has(pid));
      expect(ours).toHaveLength(1);
      const warnings: string[] = [];
      const onWarning = (w: Error): number => warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        process.kill(ours[0]!, 'SIGKILL');
        const closed = await atServer.closed;
        expect(closed.code).toBe(1006);
        expect(closed.reason).toContain('connection gateway process exited');
        expect((await atStation.closed).code).toBe(1006);
        let second: Connection | undefined;
        while (second === undefined) {
          second = await plain.connect(server.url, 'GW-CRASH-2', ['ocpp1.6']).catch(() => undefined);
          if (second === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        while (accepted.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(accepted[1]!.stationId).toBe('GW-CRASH-2');
        await second.close();
        expect(warnings.some((w) => w.includes('starting another'))).toBe(true);
      } finally {
        process.off('warning', onWarning);
        await server.close();
      }
    },
  );
});

/** Pids of this process's connection gateways (Linux /proc). */
function gatewayPids(): number[] {
  return childPids().filter((pid) => cmdlineOf(pid).includes('OCPP_HARNESS_GATEWAY'));
}

/** Pids of this process's children (Linux /proc). */
function childPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') + readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}
