import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker } from './activity-tracker.js';
import { ConnectionRefusedError } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import { inboxOf, transportCases } from './test-support/transport-cases.js';
import type {
  Connection,
  ConnectionRequest,
  ListenOptions,
  Transport,
  TransportServer,
} from './transport.js';

describe.each(transportCases)('$kind transport', (tc) => {
  const servers: TransportServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function start(
    transport: Transport,
    extra: Omit<ListenOptions, 'port' | 'host' | 'name'> = {},
  ): Promise<{ server: TransportServer; accepted: Promise<[Connection, ConnectionRequest]> }> {
    const server = await transport.listen({ ...tc.where(), ...extra });
    servers.push(server);
    const accepted = new Promise<[Connection, ConnectionRequest]>((resolve) =>
      server.onConnection((c, r) => resolve([c, r])),
    );
    return { server, accepted };
  }

  it('connects, and both ends know the station id and the negotiated subprotocol', async () => {
    const t = tc.make();
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP001', ['ocpp1.6']);
    const [serverSide, request] = await accepted;
    expect([client.stationId, client.protocol, client.isOpen]).toEqual(['CP001', 'ocpp1.6', true]);
    expect([serverSide.stationId, serverSide.protocol, serverSide.isOpen]).toEqual([
      'CP001',
      'ocpp1.6',
      true,
    ]);
    expect(request.path).toBe('/ocpp/CP001');
  });

  it.each<[string, OcppSubprotocol[] | undefined, OcppSubprotocol[], OcppSubprotocol]>([
    ['server default prefers 2.0.1', undefined, ['ocpp1.6', 'ocpp2.0.1'], 'ocpp2.0.1'],
    ['server default, station offers only 1.6', undefined, ['ocpp1.6'], 'ocpp1.6'],
    ['server prefers 1.6', ['ocpp1.6', 'ocpp2.0.1'], ['ocpp2.0.1', 'ocpp1.6'], 'ocpp1.6'],
    ['server speaks only 2.0.1', ['ocpp2.0.1'], ['ocpp1.6', 'ocpp2.0.1'], 'ocpp2.0.1'],
  ])(
    'negotiates the subprotocol in server preference order (%s)',
    async (_name, serverProtocols, offered, chosen) => {
      const t = tc.make();
      const { server, accepted } = await start(
        t,
        serverProtocols === undefined ? {} : { protocols: serverProtocols },
      );
      const client = await t.connect(server.url, 'CP-neg', offered);
      const [serverSide] = await accepted;
      expect([client.protocol, serverSide.protocol]).toEqual([chosen, chosen]);
    },
  );

  it.each<[string[], string]>([
    [['ocpp1.6'], 'offered ocpp1.6'],
    [['ocpp1.5', 'ocpp2.1'], 'offered ocpp1.5, ocpp2.1'],
  ])(
    'refuses a station offering %j with 400 and says what was offered and what is supported',
    async (offered, said) => {
      const t = tc.make();
      const { server } = await start(t, { protocols: ['ocpp2.0.1'] });
      const err = await t
        .connect(server.url, 'CP-old', offered as OcppSubprotocol[])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionRefusedError);
      const refused = err as ConnectionRefusedError;
      expect(refused.status).toBe(400);
      expect(refused.reason).toContain(said);
      expect(refused.reason).toContain('supports ocpp2.0.1');
    },
  );

  it.each([
    ['a 401 for a string answer', 'bad password', 401],
    ['a 404 for an unknown station', { status: 404 as const, reason: 'unknown station CP-x' }, 404],
  ])('lets authorize refuse with %s', async (_name, answer, status) => {
    const t = tc.make();
    const { server } = await start(t, { authorize: () => answer });
    const err = (await t
      .connect(server.url, 'CP-x', ['ocpp1.6'])
      .catch((e: unknown) => e)) as ConnectionRefusedError;
    expect(err).toBeInstanceOf(ConnectionRefusedError);
    expect([err.status, err.reason]).toEqual([status, typeof answer === 'string' ? answer : answer.reason]);
  });

  it.each([
    ['the /ocpp base URL', (url: string) => url, 'CP 7/a', 'CP 7/a'],
    ['any other base URL', (url: string) => url.replace(/\/ocpp$/, '/tenants/acme/ws'), 'CP-8', 'CP-8'],
  ])(
    'takes the station id from the last path segment under %s, URL-decoded',
    async (_n, base, id, expected) => {
      const t = tc.make();
      const { server, accepted } = await start(t);
      const client = await t.connect(base(server.url), id, ['ocpp1.6']);
      const [serverSide, request] = await accepted;
      expect([client.stationId, serverSide.stationId, request.stationId]).toEqual([id, expected, expected]);
    },
  );

  it('carries frames both ways, in order', async () => {
    const t = tc.make();
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP-order', ['ocpp2.0.1']);
    const [serverSide] = await accepted;
    const atServer = inboxOf(serverSide);
    const atClient = inboxOf(client);
    const up = Array.from({ length: 50 }, (_, i) => `up-${i}`);
    const down = Array.from({ length: 50 }, (_, i) => `down-${i} ü€`);
    await Promise.all([...up.map((f) => client.send(f)), ...down.map((f) => serverSide.send(f))]);
    for (let i = 0; i < 50; i++) await Promise.all([atServer.next(), atClient.next()]);
    expect(atServer.frames).toEqual(up);
    expect(atClient.frames).toEqual(down);
  });

  it('delivers a frame sent before the receiver registered its handler', async () => {
    const t = tc.make();
    const server = await t.listen(tc.where());
    servers.push(server);
    server.onConnection((c) => void c.send('hello'));
    const client = await t.connect(server.url, 'CP-early', ['ocpp1.6']);
    expect(await inboxOf(client).next()).toBe('hello');
  });

  it('delivers frames held for a late receiver after its registration returns, not inside it', async () => {
    const t = tc.make();
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP-held', ['ocpp1.6']);
    const [serverSide] = await accepted;
    await client.send('first');
    await client.send('second');
    // Let both frames reach the server side and be held there.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen: string[] = [];
    let registered = false;
    serverSide.onMessage((f) => seen.push(`${f}${registered ? '' : ' (inside onMessage)'}`));
    registered = true;
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['first', 'second']);
  });

  it('never delivers a frame inside send()', async () => {
    const t = tc.make();
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP-async', ['ocpp1.6']);
    const [serverSide] = await accepted;
    const atServer = inboxOf(serverSide);
    const sent = client.send('x');
    expect(atServer.frames).toEqual([]);
    await sent;
    expect(await atServer.next()).toBe('x');
  });

  it.each([
    ['the station', 4001, 'station leaving'],
    ['the station, normally', 1000, ''],
    ['the server', 4100, 'evicted'],
  ])('delivers the close code and reason to both ends when %s closes', async (who, code, reason) => {
    const t = tc.make();
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP-close', ['ocpp1.6']);
    const [serverSide] = await accepted;
    const [atServer, atClient] = [inboxOf(serverSide), inboxOf(client)];
    await (who.startsWith('the station') ? client : serverSide).close(code, reason);
    expect(await atServer.closed).toEqual({ code, reason });
    expect(await atClient.closed).toEqual({ code, reason });
    expect([client.isOpen, serverSide.isOpen]).toEqual([false, false]);
    await expect(client.send('late')).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('rejects an invalid close code with the codes to use', async () => {
    const t = tc.make();
    const { server } = await start(t);
    const client = await t.connect(server.url, 'CP-code', ['ocpp1.6']);
    await expect(client.close(1006)).rejects.toThrow(/use 1000-1003, 1007-1014 or 3000-4999/);
    expect(client.isOpen).toBe(true);
  });

  it.each([
    ['the server', 'client', 1024],
    ['the station', 'server', 2048],
  ])(
    'refuses a frame over the limit of %s: the connection closes with 1009, others go on',
    async (_who, sender, limit) => {
      const t = tc.make();
      const { server, accepted } = await start(t, sender === 'client' ? { maxFrameBytes: limit } : {});
      const client = await t.connect(
        server.url,
        'CP-big',
        ['ocpp1.6'],
        sender === 'server' ? { maxFrameBytes: limit } : {},
      );
      const [serverSide] = await accepted;
      const [from, to] = sender === 'client' ? [client, serverSide] : [serverSide, client];
      const atTo = inboxOf(to);
      const atFrom = inboxOf(from);
      await from.send('x'.repeat(limit)); // exactly the limit passes
      await from.send('y'.repeat(limit + 1));
      expect((await atTo.closed).code).toBe(1009);
      expect((await atFrom.closed).code).toBe(1009);
      expect(atTo.frames).toEqual(['x'.repeat(limit)]);
      const again = await t.connect(server.url, 'CP-after', ['ocpp1.6']);
      expect(again.isOpen).toBe(true);
    },
  );

  it('closes every client with 1001 when the server closes', async () => {
    const t = tc.make();
    const server = await t.listen(tc.where());
    const clients = await Promise.all(['A', 'B', 'C'].map((id) => t.connect(server.url, id, ['ocpp1.6'])));
    const closes = clients.map((c) => inboxOf(c).closed);
    await server.close();
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([1001, 1001, 1001]);
    await expect(t.connect(server.url, 'D', ['ocpp1.6'])).rejects.toThrow();
  });

  it('counts frames in flight on a shared tracker until the receiver has handled them', async () => {
    const tracker = new ActivityTracker();
    const t = tc.make(tracker);
    const { server, accepted } = await start(t);
    const client = await t.connect(server.url, 'CP-track', ['ocpp1.6']);
    const [serverSide] = await accepted;
    const atServer = inboxOf(serverSide);
    const atClient = inboxOf(client);
    await client.send('a');
    await client.send('b');
    expect(tracker.framesInFlight).toBeGreaterThan(0);
    await atServer.next();
    await atServer.next();
    expect(tracker.framesInFlight).toBe(0);
    await serverSide.send('c');
    expect(tracker.framesInFlight).toBe(1);
    await atClient.next();
    expect(tracker.busy).toBe(false);
    await client.send('never handled');
    await client.close();
    expect(tracker.framesInFlight).toBe(0); // a closed link stops counting
  });
});
