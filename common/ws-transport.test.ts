import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker } from './activity-tracker.js';
import { inboxOf } from './test-support/transport-cases.js';
import type { Connection, TransportServer } from './transport.js';
import { createWsTransport } from './ws-transport.js';

interface HttpAnswer {
  status: number;
  body: string;
}

/** Sends a WebSocket upgrade request by hand and returns the HTTP answer when it is a refusal. */
function upgradeRequest(url: string, protocols: string | undefined): Promise<HttpAnswer> {
  const target = new URL(url);
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  };
  if (protocols !== undefined) headers['Sec-WebSocket-Protocol'] = protocols;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, headers });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error('the server accepted the upgrade'));
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('ws transport', () => {
  const servers: TransportServer[] = [];
  const httpServers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(httpServers.splice(0).map((h) => new Promise((resolve) => h.close(resolve))));
  });

  it('shares one port with an express app: HTTP routes and OCPP connections both work', async () => {
    const app = express();
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    const http = app.listen(0, '127.0.0.1');
    httpServers.push(http);
    await new Promise((resolve) => http.once('listening', resolve));
    const t = createWsTransport();
    const server = await t.listen({ httpServer: http });
    servers.push(server);
    const accepted = new Promise<string>((resolve) => server.onConnection((c) => resolve(c.stationId)));
    const client = await t.connect(server.url, 'CP-shared', ['ocpp1.6']);
    expect(await accepted).toBe('CP-shared');
    const health = await fetch(server.url.replace(/^ws/, 'http').replace(/\/ocpp$/, '/health'));
    expect(await health.json()).toEqual({ ok: true });
    await client.close();
  });

  it.each([
    [
      'offers no OCPP subprotocol',
      '/ocpp/CP1',
      'ocpp1.5',
      400,
      /offered ocpp1\.5; this server supports ocpp2\.0\.1, ocpp1\.6/,
    ],
    ['offers no subprotocol at all', '/ocpp/CP1', undefined, 400, /offered none/],
    ['names no station', '/ocpp/', 'ocpp1.6', 404, /no station id in path "\/ocpp\/"/],
    ['sends a badly encoded station id', '/ocpp/CP%E0%A4', 'ocpp1.6', 400, /not valid percent-encoding/],
  ])(
    'answers a client that %s with a plain HTTP %s saying why',
    async (_n, path, protocols, status, body) => {
      const t = createWsTransport();
      const server = await t.listen({ port: 0, host: '127.0.0.1' });
      servers.push(server);
      const answer = await upgradeRequest(server.url.replace(/\/ocpp$/, path), protocols);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatch(body);
    },
  );

  it('answers a plain HTTP request on its own server with 426 and where to connect', async () => {
    const server = await createWsTransport().listen({ port: 0, host: '127.0.0.1' });
    servers.push(server);
    const res = await fetch(server.url.replace(/^ws/, 'http'));
    expect(res.status).toBe(426);
    expect(await res.text()).toContain(`${server.url}/{stationId}`);
  });

  it('rejects connect with the reason when nothing listens', async () => {
    const server = await createWsTransport().listen({ port: 0, host: '127.0.0.1' });
    const url = server.url;
    await server.close();
    await expect(createWsTransport().connect(url, 'CP1', ['ocpp1.6'])).rejects.toThrow(
      /cannot connect to .*ECONNREFUSED/,
    );
  });

  it.each([
    ['only the server tracks', true, false],
    ['only the station tracks', false, true],
    ['each end has a tracker of its own (two clocks)', true, true],
  ])(
    'counts nothing unless both ends share one tracker (%s): time never waits for a peer it cannot see',
    async (_n, serverTracks, clientTracks) => {
      const serverTracker = new ActivityTracker();
      const clientTracker = new ActivityTracker();
      const server = await createWsTransport(serverTracks ? { tracker: serverTracker } : {}).listen({
        port: 0,
        host: '127.0.0.1',
      });
      servers.push(server);
      const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
      const clientTransport = createWsTransport(clientTracks ? { tracker: clientTracker } : {});
      const client = await clientTransport.connect(server.url, 'CP-ext', ['ocpp1.6']);
      const serverSide = await accepted;
      const atClient = inboxOf(client);
      const sending = [serverSide.send('down'), client.send('up')];
      expect([serverTracker.framesInFlight, clientTracker.framesInFlight]).toEqual([0, 0]);
      await Promise.all(sending);
      expect(await atClient.next()).toBe('down');
    },
  );

  it('carries frames with permessage-deflate when both ends enable it', async () => {
    const t = createWsTransport({ perMessageDeflate: true });
    const server = await t.listen({ port: 0, host: '127.0.0.1' });
    servers.push(server);
    const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
    const client = await t.connect(server.url, 'CP-zip', ['ocpp2.0.1']);
    const atServer = inboxOf(await accepted);
    const frame = JSON.stringify([2, '1', 'DataTransfer', { vendorId: 'Acme', data: 'abc'.repeat(10_000) }]);
    await client.send(frame);
    expect(await atServer.next()).toBe(frame);
  });
});
