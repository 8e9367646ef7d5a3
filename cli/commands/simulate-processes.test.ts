import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { RealClock } from '../../common/clock.js';
import { createMemoryTransport } from '../../common/memory-transport.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { createCsms } from '../../csms/create-csms.js';
import type { Csms } from '../../csms/create-csms.js';
import { createFleet } from '../../simulator/fleet/create-fleet.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from '../program.js';
import { runInProcesses } from './simulate-processes.js';
import type { ProcessesRunOptions } from './simulate-processes.js';

let csms: Csms;

beforeAll(async () => {
  csms = createCsms({
    clock: new RealClock(),
    transport: createWsTransport(),
    store: { dataDir: ':memory:' },
    port: 0,
  });
  await csms.start();
});

afterAll(async () => {
  await csms.stop();
});

/** The fleet each simulator process of a test run slices, against the test's CSMS. */
function aFleet(over: Partial<ProcessesRunOptions['fleet']>): ProcessesRunOptions['fleet'] {
  return {
    csmsUrl: csms.ocppUrl,
    seed: 'processes',
    stations: 4,
    version: '1.6',
    meterIntervalS: 10,
    faults: [],
    idTags: [],
    staggerSamples: true,
    ...over,
  };
}

function quiet(): () => string {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return () => text;
}

it.each([
  [
    ['--csms', 'ws://h:1/ocpp', '--processes', '0'],
    '--processes must be a whole number from 1 to 64, got "0"',
  ],
  [['--csms', 'ws://h:1/ocpp', '--processes', '65'], '--processes must be a whole number from 1 to 64'],
  [['--csms', 'internal', '--processes', '2'], '--processes above 1 needs an external CSMS'],
  [
    ['--csms', 'ws://h:1/ocpp', '--processes', '2', '--site', 'scenarios/sites/reference-home.json'],
    '--processes above 1 cannot split a --site',
  ],
])('simulate %j exits 2 naming the option', async (args, message) => {
  const stderr = quiet();
  try {
    expect(await runCli(['simulate', ...args])).toBe(EXIT_USAGE);
    expect(stderr()).toContain(message);
  } finally {
    vi.restoreAllMocks();
  }
});

it('spreads a fleet over two simulator processes against a CSMS over real sockets: one frames.jsonl in time order, one summary in plan order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-processes-'));
  const args = ['--stations', '7', '--version', 'mixed', '--seed', 'two-processes'];
  const stderr = quiet();
  let code: number;
  try {
    code = await runCli([
      'simulate',
      '--csms',
      csms.ocppUrl,
      '--duration',
      '3s',
      '--meter-interval',
      '1',
      '--processes',
      '2',
      '--report',
      dir,
      ...args,
    ]);
  } finally {
    vi.restoreAllMocks();
  }
  expect(code, stderr()).toBe(EXIT_OK);
  expect(stderr()).toContain('simulating 7 station(s) in 2 processes');
  // The processes' own directories are gone once merged.
  expect(readdirSync(dir).sort()).toEqual(['frames.jsonl', 'summary.json']);

  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    stations: number;
    online: number;
    notOnline: Record<string, number>;
    startedAt: string;
    endedAt: string;
    run: { processes: number; speed: string };
    frames: { total: number; invalid: number; byStation: Record<string, { sent: number }> };
    perStation: { id: string; version: string; vendor: string; model: string; boots: number }[];
  };
  expect(summary.run).toMatchObject({ processes: 2, speed: 'realtime' });
  // The same stations, in the same order, as the fleet in one piece.
  const whole = createFleet({
    clock: new RealClock(),
    transport: createMemoryTransport(),
    csmsUrl: csms.ocppUrl,
    seed: 'two-processes',
    stations: 7,
    version: 'mixed',
  });
  expect(summary.perStation.map((s) => [s.id, s.version, s.vendor, s.model])).toEqual(
    whole.stations.map((s) => [s.id, s.version, s.identity.vendor, s.identity.model]),
  );
  expect(summary.perStation.every((s) => s.boots === 1)).toBe(true);
  expect(summary.online).toBe(7);
  expect(summary.notOnline).toEqual({});

  const frames = readFileSync(join(dir, 'frames.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { timeMs: number; stationId: string; action?: string; verdict: string });
  expect(frames).toHaveLength(summary.frames.total);
  expect(summary.frames.invalid).toBe(0);
  const times = frames.map((f) => f.timeMs);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const booted = new Set(frames.filter((f) => f.action === 'BootNotification').map((f) => f.stationId));
  expect([...booted].sort()).toEqual(whole.stations.map((s) => s.id).sort());
  for (const s of whole.stations) {
    const sent = frames.filter((f) => f.stationId === s.id && f.action === 'StatusNotification');
    expect(sent.length, s.id).toBeGreaterThan(0);
  }
  // The run lasted its duration once every station had started.
  expect(Date.parse(summary.endedAt) - Date.parse(summary.startedAt)).toBeGreaterThanOrEqual(3_000);
}, 60_000);

/** This process's children that are simulator processes (by their title). */
function simulatorChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('ocpp-harness simulator'));
}

it('a simulator process that fails ends the run with an error naming it, and the others are stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-processes-'));
  // Process 2's directory is taken by a file: it fails when it opens its frames; process 1 runs.
  writeFileSync(join(dir, 'process-2'), '');
  const progress = { update: () => undefined, stop: () => undefined };
  const run = runInProcesses({
    fleet: aFleet({ seed: 'fails', stations: 4, version: '1.6' }),
    processes: 2,
    dir,
    durationMs: 60_000,
    progress,
  });
  await expect(run).rejects.toThrow(/^simulator process 2 of 2: EEXIST: file already exists, mkdir /);
  await expect(run).rejects.toThrow('; the run is incomplete (what each process wrote is in');
  expect(existsSync(join(dir, 'frames.jsonl'))).toBe(false);
  // Process 1 was still running its stations: it is gone by the time the run has failed.
  expect(simulatorChildren()).toEqual([]);
}, 60_000);

it('an aborted run (Ctrl-C) ends every process at once and still merges what they did', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-processes-'));
  const stop = new AbortController();
  const progress = { update: () => stop.abort(), stop: () => undefined };
  const wallStart = performance.now();
  const run = await runInProcesses({
    fleet: aFleet({ seed: 'aborted', stations: 5, version: '2.0.1' }),
    processes: 2,
    dir,
    // Aborted at the first progress report, about a second after every station started.
    durationMs: 600_000,
    progress,
    signal: stop.signal,
  });
  expect(performance.now() - wallStart).toBeLessThan(60_000);
  expect(run.interrupted).toBe(true);
  expect(run.summary.stations).toBe(5);
  expect(run.summary.perStation.every((s) => s.boots === 1)).toBe(true);
  expect(run.frames).toBe(run.summary.frames.total);
  expect(readdirSync(dir)).toEqual(['frames.jsonl']);
  expect(simulatorChildren()).toEqual([]);
}, 60_000);

it('says why stations were not online when the run ended, the reasons of every process counted together', async () => {
  // A port nobody listens on.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const dir = mkdtempSync(join(tmpdir(), 'simulate-processes-'));
  let stdout = '';
  quiet();
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    expect(
      await runCli([
        'simulate',
        '--csms',
        `ws://127.0.0.1:${port}/ocpp`,
        '--stations',
        '3',
        '--duration',
        '1s',
        '--processes',
        '2',
        '--report',
        dir,
      ]),
    ).toBe(EXIT_OK);
  } finally {
    vi.restoreAllMocks();
  }
  const reason = `cannot connect to ws://127.0.0.1:${port}/ocpp/{stationId}: connect ECONNREFUSED 127.0.0.1:${port}`;
  expect(stdout).toContain(`3 station(s) not online when the run ended:\n  3 × ${reason}\n`);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    online: number;
    notOnline: Record<string, number>;
  };
  expect(summary).toMatchObject({ online: 0, notOnline: { [reason]: 3 } });
}, 60_000);

it.each([1, 2])(
  'exits 1 when the CSMS sent an invalid frame, so CI can gate a release on it (--processes %i)',
  async (processes) => {
    // A CSMS that answers every CALL with an empty payload: a BootNotification answer must have
    // currentTime, interval and status.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'ocpp1.6' });
    await once(wss, 'listening');
    wss.on('connection', (ws) => {
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as unknown[];
        if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], {}]));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'simulate-processes-'));
    quiet();
    let code: number;
    try {
      code = await runCli([
        'simulate',
        '--csms',
        `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
        '--stations',
        '2',
        '--duration',
        '1s',
        '--processes',
        String(processes),
        '--report',
        dir,
      ]);
    } finally {
      vi.restoreAllMocks();
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
    expect(code).toBe(EXIT_FAILED);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      frames: { invalid: number; byAction: Record<string, Record<string, { invalid: number }>> };
    };
    expect(summary.frames.invalid).toBeGreaterThanOrEqual(2);
    expect(summary.frames.byAction['BootNotification']!['csms->station']!.invalid).toBe(
      summary.frames.invalid,
    );
  },
  60_000,
);
