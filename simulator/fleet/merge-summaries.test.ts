import { expect, it } from 'vitest';
import type { FrameRecord } from '../../common/rpc-types.js';
import { FrameStats } from './frame-stats.js';
import { mergeFleetSummaries, mergeFrameStats, mergeNotOnline } from './merge-summaries.js';
import type { FleetSummary, StationResult } from './station-results.js';

function aFrame(over: Partial<FrameRecord>): FrameRecord {
  return {
    timeMs: 0,
    direction: 'station->csms',
    stationId: 'SIM1',
    version: '1.6',
    messageType: 'CALL',
    action: 'Heartbeat',
    raw: '[2,"1","Heartbeat",{}]',
    verdict: 'valid',
    violations: [],
    ...over,
  };
}

function aStation(id: string, energyWh: number): StationResult {
  return {
    id,
    version: '1.6',
    vendor: 'V',
    model: 'M',
    state: 'stopped',
    boots: 1,
    disconnects: 0,
    transactionsStarted: 1,
    transactionsEnded: 1,
    energyWh,
    stopReasons: { Local: 1 },
    faults: 0,
    problems: 0,
    queuedTransactionMessages: 0,
    frames: { sent: 1, received: 1, invalid: 0 },
  };
}

const frames: FrameRecord[] = [
  aFrame({ stationId: 'SIM1' }),
  aFrame({ stationId: 'SIM2', action: 'MeterValues', verdict: 'invalid' }),
  aFrame({ stationId: 'SIM3', direction: 'csms->station', messageType: 'CALLRESULT' }),
  aFrame({ stationId: 'SIM1', action: 'MeterValues' }),
  aFrame({ stationId: 'SIM4', action: undefined, messageType: 'INVALID', verdict: 'invalid' }),
];

it('frame counts of slices merge into the counts of all their frames together', () => {
  const whole = new FrameStats();
  const slices = [new FrameStats(), new FrameStats()];
  frames.forEach((f, i) => {
    whole.add(f);
    slices[i % 2]!.add(f);
  });
  expect(mergeFrameStats(slices.map((s) => s.snapshot()))).toEqual(whole.snapshot());
  // Key order too: summary.json lists actions and stations sorted, as one process does.
  expect(JSON.stringify(mergeFrameStats(slices.map((s) => s.snapshot())))).toBe(
    JSON.stringify(whole.snapshot()),
  );
});

it('slice summaries merge into one with the stations in plan order and the totals summed', () => {
  const part = (stations: StationResult[], online: number): FleetSummary => ({
    stations: stations.length,
    online,
    transactionsStarted: stations.length,
    transactionsEnded: stations.length,
    energyWh: stations.reduce((n, s) => n + s.energyWh, 0),
    frames: new FrameStats().snapshot(),
    perStation: stations,
  });
  // Plan places 0..4 over two slices: slice 0 holds 0, 2, 4; slice 1 holds 1, 3.
  const merged = mergeFleetSummaries([
    part([aStation('S0', 10), aStation('S2', 30), aStation('S4', 50)], 2),
    part([aStation('S1', 20), aStation('S3', 40)], 1),
  ]);
  expect(merged.perStation.map((s) => s.id)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
  expect(merged).toMatchObject({
    stations: 5,
    online: 3,
    transactionsStarted: 5,
    transactionsEnded: 5,
    energyWh: 150,
  });
});

it('reasons stations were not online merge across slices, the same reason counted together, most common first', () => {
  expect(
    Object.entries(
      mergeNotOnline([
        { 'connect ECONNREFUSED': 2, 'no problem reported': 1 },
        { 'connect EMFILE': 1, 'connect ECONNREFUSED': 1 },
        {},
      ]),
    ),
  ).toEqual([
    ['connect ECONNREFUSED', 3],
    ['connect EMFILE', 1],
    ['no problem reported', 1],
  ]);
});
