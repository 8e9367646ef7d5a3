import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT_OK, EXIT_USAGE, runCli } from '../program.js';
import { parseDuration, parseSpeed } from './simulate-options.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStderr(): () => string {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return () => text;
}

it.each([
  [['--csms', 'http://x/ocpp'], '--csms must be a ws:// or wss:// URL'],
  [['--csms', 'internal', '--stations', '0'], '--stations must be a whole number from 1 to 100000, got "0"'],
  [['--csms', 'internal', '--version', '1.5'], '--version must be 1.6, 2.0.1 or mixed, got "1.5"'],
  [['--csms', 'internal', '--duration', '2 hours'], '--duration must look like 90s, 30m, 2h, 1h30m or 1d'],
  [['--csms', 'internal', '--speed', 'fast'], '--speed must be realtime, max or a factor like 60x'],
  [['--csms', 'ws://h:1/ocpp', '--transport', 'memory'], '--transport memory needs the CSMS in this process'],
  [['--csms', 'internal', '--faults', '[{"share":"all"}]'], '--faults[0] must look like'],
  [['--csms', 'internal', '--samples', 'random'], '--samples must be aligned or staggered, got "random"'],
  [
    ['--csms', 'internal', '--site', '/no/such/site.json'],
    '--site: cannot read site file /no/such/site.json',
  ],
])('simulate %j exits 2 naming the option', async (args, message) => {
  const stderr = captureStderr();
  expect(await runCli(['simulate', ...args])).toBe(EXIT_USAGE);
  expect(stderr()).toContain(message);
});

it.each([
  ['90s', 90_000],
  ['30m', 1_800_000],
  ['1h30m', 5_400_000],
  ['1d', 86_400_000],
  ['2 h', undefined],
  ['h', undefined],
])('duration %s is %s ms', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

it.each([
  ['realtime', { kind: 'realtime' }],
  ['max', { kind: 'max' }],
  ['60x', { kind: 'factor', factor: 60 }],
  ['0x', undefined],
  ['fast', undefined],
])('speed %s', (text, speed) => {
  expect(parseSpeed(text)).toEqual(speed);
});

/**
 * Runs `simulate` against the in-process CSMS over the memory transport, as fast as possible, with
 * `args` added; expects exit 0 and returns the report directory.
 */
async function simulateInProcess(args: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
  const stderr = captureStderr();
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await runCli([
    'simulate',
    '--csms',
    'internal',
    '--transport',
    'memory',
    '--speed',
    'max',
    '--report',
    dir,
    ...args,
  ]);
  expect(code, stderr()).toBe(EXIT_OK);
  return dir;
}

it('runs a small fleet against the in-process CSMS in virtual time and writes frames.jsonl and summary.json', async () => {
  const dir = await simulateInProcess([
    '--stations',
    '2',
    '--version',
    'mixed',
    '--duration',
    '20m',
    '--start',
    '2025-03-01T10:00:00Z',
    '--seed',
    'cli',
  ]);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    seed: string;
    stations: number;
    online: number;
    frames: { total: number; invalid: number; byAction: Record<string, unknown> };
  };
  expect(summary.seed).toBe('cli');
  expect(summary.stations).toBe(2);
  // Online when the run ended (the command stops the stations after that).
  expect(summary.online).toBe(2);
  expect(summary.frames.invalid).toBe(0);
  expect(Object.keys(summary.frames.byAction)).toContain('BootNotification');
  const lines = readFileSync(join(dir, 'frames.jsonl'), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(summary.frames.total);
  expect(JSON.parse(lines[0]!)).toMatchObject({ direction: 'station->csms', action: 'BootNotification' });
}, 120_000);

describe('--samples', () => {
  /** The instants within the 10 s interval at which each station sent MeterValues. */
  async function sampleInstants(
    extra: string[],
  ): Promise<{ samples: string; byStation: Map<string, Set<number>> }> {
    const dir = await simulateInProcess([
      '--stations',
      '6',
      '--arrivals',
      'continuous',
      '--duration',
      '3h',
      '--start',
      '2025-03-01T08:00:00Z',
      '--seed',
      'samples',
      ...extra,
    ]);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      run: { samples: string };
    };
    const byStation = new Map<string, Set<number>>();
    for (const line of readFileSync(join(dir, 'frames.jsonl'), 'utf8').trim().split('\n')) {
      const f = JSON.parse(line) as {
        stationId: string;
        action?: string;
        messageType: string;
        timeMs: number;
      };
      if (f.action !== 'MeterValues' || f.messageType !== 'CALL') continue;
      const set = byStation.get(f.stationId) ?? new Set<number>();
      set.add(f.timeMs % 10_000);
      byStation.set(f.stationId, set);
    }
    return { samples: summary.run.samples, byStation };
  }

  it('aligned (the virtual-time default): every station samples at the same instant of the interval', async () => {
    const { samples, byStation } = await sampleInstants([]);
    expect(samples).toBe('aligned');
    expect(byStation.size).toBeGreaterThan(1);
    expect(new Set([...byStation.values()].flatMap((s) => [...s]))).toEqual(new Set([0]));
  }, 120_000);

  it('staggered: each station keeps its own seeded instant, and stations differ', async () => {
    const { samples, byStation } = await sampleInstants(['--samples', 'staggered']);
    expect(samples).toBe('staggered');
    expect(byStation.size).toBeGreaterThan(1);
    for (const instants of byStation.values()) expect(instants.size).toBe(1);
    const instants = [...byStation.values()].map((s) => [...s][0]);
    expect(new Set(instants).size).toBe(instants.length);
  }, 120_000);
});
