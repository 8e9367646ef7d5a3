import { describe, expect, it } from 'vitest';
import type { StationWrite } from './station-writer.js';
import { latestHeartbeats, latestStatuses } from './station-writer.js';

const status = (stationId: string, connectorId: number, name: string, statusAtMs: number): StationWrite => ({
  kind: 'status',
  stationId,
  nowMs: 0,
  status: {
    evseId: 1,
    connectorId,
    status: name,
    errorCode: 'NoError',
    info: null,
    vendorErrorCode: null,
    statusAtMs,
  },
});

describe('latestStatuses', () => {
  it.each([
    [
      'the latest status time wins',
      [status('A', 1, 'Charging', 20), status('A', 1, 'Preparing', 10)],
      ['Charging'],
    ],
    [
      'a later arrival of the same time wins',
      [status('A', 1, 'Charging', 20), status('A', 1, 'Finishing', 20)],
      ['Finishing'],
    ],
    [
      'one per connector',
      [status('A', 1, 'Charging', 20), status('A', 2, 'Available', 5)],
      ['Charging', 'Available'],
    ],
    [
      'one per station',
      [status('A', 1, 'Charging', 20), status('B', 1, 'Faulted', 5)],
      ['Charging', 'Faulted'],
    ],
    ['heartbeats are not statuses', [{ kind: 'heartbeat', stationId: 'A', atMs: 1 } as const], []],
  ] as const)('%s', (_what, writes, expected) => {
    expect(latestStatuses(writes).map((w) => w.status.status)).toEqual(expected);
  });
});

describe('latestHeartbeats', () => {
  it('keeps the last heartbeat of each station', () => {
    const writes: StationWrite[] = [
      { kind: 'heartbeat', stationId: 'A', atMs: 1 },
      { kind: 'heartbeat', stationId: 'B', atMs: 2 },
      status('A', 1, 'Charging', 3),
      { kind: 'heartbeat', stationId: 'A', atMs: 4 },
    ];
    expect([...latestHeartbeats(writes)]).toEqual([
      ['A', 4],
      ['B', 2],
    ]);
  });
});
