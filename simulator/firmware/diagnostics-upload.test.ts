import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { Station } from '../station/station-core.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation } from '../test-support/station-builders.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

const START_MS = Date.parse('2025-03-01T08:00:00.000Z');
let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
let station: Station;
let server: Server;
let baseUrl: string;
let received: Received[];
let failing: number;
let problems: string[];

beforeEach(async () => {
  clock = new VirtualClock({ startMs: START_MS });
  transport = createWsTransport({ tracker: clock.tracker });
  received = [];
  failing = 0;
  problems = [];
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(parts).toString() });
      const fail = failing !== 0;
      if (failing > 0) failing--;
      res
        .writeHead(fail ? 500 : 201, { 'content-type': 'text/plain' })
        .end(fail ? 'disk full\n' : 'stored\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer = await CsmsPeer.start({ clock, transport });
  station = aStation({ clock, transport, csmsUrl: peer.url, version: '1.6' }).station;
  station.events.on('problem', (e) => problems.push(e.message));
  await station.start();
  await clock.runUntil(() => station.state === 'accepted', 60_000);
  await clock.advanceBy(1_000);
});

afterEach(async () => {
  await station.stop();
  await peer.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const statuses = (): unknown[] => peer.of('DiagnosticsStatusNotification').map((c) => c.payload['status']);

it.each([
  { what: 'an accepting server', fails: 0, retries: 0, sent: ['Uploading', 'Uploaded'], puts: 1 },
  { what: 'one HTTP error and a retry', fails: 1, retries: 1, sent: ['Uploading', 'Uploaded'], puts: 2 },
  {
    what: 'HTTP errors on every attempt',
    fails: -1,
    retries: 2,
    sent: ['Uploading', 'UploadFailed'],
    puts: 3,
  },
])('GetDiagnostics to $what: $sent after $puts PUTs', async ({ fails, retries, sent, puts }) => {
  failing = fails;
  const answer = (await peer.send('CP001', 'GetDiagnostics', {
    location: `${baseUrl}/diagnostics/`,
    retries,
    retryInterval: 60,
  })) as { fileName: string };
  expect(answer.fileName).toBe('CP001-diagnostics-20250301T080001Z.log');
  await clock.advanceBy(5 * 60_000);
  expect(statuses()).toEqual(sent);
  expect(received).toHaveLength(puts);
  for (const r of received) {
    expect(r.method).toBe('PUT');
    expect(r.url).toBe(`/diagnostics/${answer.fileName}`);
    expect(r.body).toMatch(/^diagnostics of CP001 /);
    expect(r.body).toContain('2025-03-01T08:00:00.000Z state accepted');
  }
  expect(problems.filter((p) => p.startsWith('diagnostics upload attempt'))).toHaveLength(
    sent.at(-1) === 'Uploaded' ? puts - 1 : puts,
  );
  expect(peer.frames.filter((f) => f.verdict === 'invalid')).toEqual([]);
});

it.each([
  { from: '2025-03-01T07:00:00.000Z', to: '2025-03-01T07:59:59.000Z', accepted: false },
  { from: '2025-03-01T07:59:59.000Z', to: '2025-03-01T08:00:00.000Z', accepted: true },
])('GetDiagnostics uploads only the events from $from to $to', async ({ from, to, accepted }) => {
  await peer.send('CP001', 'GetDiagnostics', {
    location: `${baseUrl}/upload`,
    startTime: from,
    stopTime: to,
  });
  await clock.advanceBy(60_000);
  expect(statuses()).toEqual(['Uploading', 'Uploaded']);
  expect(received.map((r) => r.url)).toEqual(['/upload']);
  const lines = received[0]!.body.trimEnd().split('\n');
  expect(lines[0]).toMatch(
    new RegExp(`^diagnostics of CP001 .* at 2025-03-01T08:00:01.000Z, events ${from} .. ${to}$`),
  );
  expect(lines.slice(1).every((l) => l.slice(0, 24) >= from && l.slice(0, 24) <= to)).toBe(true);
  expect(lines.includes('2025-03-01T08:00:00.000Z state accepted')).toBe(accepted);
});

it('GetDiagnostics to a location that is not http(s) reports UploadFailed and says why', async () => {
  const answer = (await peer.send('CP001', 'GetDiagnostics', { location: 'ftp://127.0.0.1/diag/' })) as {
    fileName: string;
  };
  expect(answer.fileName).toMatch(/\.log$/);
  await clock.advanceBy(60_000);
  expect(statuses()).toEqual(['UploadFailed']);
  expect(received).toEqual([]);
  expect(problems).toContain(
    'diagnostics not uploaded: location ftp://127.0.0.1/diag/ uses ftp; only http:// and https:// locations are uploaded',
  );
});

it('TriggerMessage DiagnosticsStatusNotification reports Idle when no upload runs', async () => {
  expect(
    await peer.send('CP001', 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' }),
  ).toEqual({ status: 'Accepted' });
  await clock.advanceBy(1_000);
  expect(statuses()).toEqual(['Idle']);
});
