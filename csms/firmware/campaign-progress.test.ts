import { describe, expect, it } from 'vitest';
import { decideProgress } from './campaign-progress.js';
import { waveOf } from './campaign-store.js';
import type { Campaign, CampaignStation, StationFirmwareState } from './firmware-types.js';

const T0 = Date.parse('2025-03-10T00:00:00Z');

function aCampaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 1,
    firmwareId: 1,
    status: 'SCHEDULED',
    haltedReason: null,
    startAtMs: T0,
    canaryCount: 1,
    waveSize: 2,
    maxFailureShare: 0.5,
    retries: 0,
    retryIntervalS: 60,
    target: { stations: [] },
    createdAtMs: T0,
    updatedAtMs: T0,
    ...over,
  };
}

/** Stations from a compact spec: `state` letters per position, `-` = not dispatched. */
function rows(spec: string, c: Campaign): CampaignStation[] {
  const states: Record<string, StationFirmwareState> = {
    '-': 'PENDING',
    p: 'PENDING',
    d: 'DOWNLOADING',
    i: 'INSTALLING',
    I: 'INSTALLED',
    F: 'DOWNLOAD_FAILED',
    X: 'INSTALLATION_FAILED',
  };
  return [...spec].map((ch, position) => ({
    campaignId: c.id,
    stationId: `S${position + 1}`,
    position,
    wave: waveOf(position, c.canaryCount, c.waveSize),
    state: states[ch]!,
    requestId: ch === '-' ? null : position + 1,
    attempts: ch === '-' ? 0 : 1,
    dispatchedAtMs: ch === '-' ? null : T0,
    awaitingSend: false,
    awaitingBoot: false,
    note: ch === 'X' ? 'installation failed' : null,
    path: [],
    updatedAtMs: T0,
  }));
}

describe('waveOf', () => {
  it.each([
    [0, 2, 3, 0],
    [1, 2, 3, 0],
    [2, 2, 3, 1],
    [4, 2, 3, 1],
    [5, 2, 3, 2],
    [0, 0, 3, 1],
  ])('position %i with canary %i and waves of %i is wave %i', (position, canary, size, wave) => {
    expect(waveOf(position, canary, size)).toBe(wave);
  });
});

describe('decideProgress (canary 1, waves of 2, halt above 50%)', () => {
  it.each([
    { spec: '-----', now: T0 - 1, status: 'SCHEDULED', dispatch: [] },
    { spec: '-----', now: T0, status: 'CANARY', dispatch: ['S1'] },
    { spec: 'd----', now: T0, status: 'CANARY', dispatch: [] },
    { spec: 'I----', now: T0, status: 'ROLLING_OUT', dispatch: ['S2', 'S3'] },
    { spec: 'Id---', now: T0, status: 'ROLLING_OUT', dispatch: ['S3'] },
    { spec: 'Idd--', now: T0, status: 'ROLLING_OUT', dispatch: [] },
    { spec: 'IIX--', now: T0, status: 'ROLLING_OUT', dispatch: ['S4', 'S5'] },
    { spec: 'IIXIi', now: T0, status: 'ROLLING_OUT', dispatch: [] },
    { spec: 'IIXIF', now: T0, status: 'COMPLETED', dispatch: [] },
    {
      spec: 'X----',
      now: T0,
      status: 'HALTED',
      dispatch: [],
      reason: 'canary station S1 failed: installation failed',
    },
    {
      spec: 'IFFF-',
      now: T0,
      status: 'HALTED',
      dispatch: [],
      reason: '3 of 5 stations failed (60%, more than the allowed 50%)',
    },
  ])('$spec -> $status, sends $dispatch', ({ spec, now, status, dispatch, reason }) => {
    const c = aCampaign();
    const d = decideProgress(c, rows(spec, c), now);
    expect(d.status).toBe(status);
    expect(d.dispatch).toEqual(dispatch);
    if (reason !== undefined) expect(d.haltedReason).toBe(reason);
  });

  it('a halted campaign stays halted and sends nothing', () => {
    const c = aCampaign({ status: 'HALTED', haltedReason: 'x' });
    expect(decideProgress(c, rows('I----', c), T0)).toEqual({
      status: 'HALTED',
      haltedReason: 'x',
      dispatch: [],
    });
  });

  it('without a canary the first wave goes at the start time', () => {
    const c = aCampaign({ canaryCount: 0 });
    expect(decideProgress(c, rows('---', c), T0).dispatch).toEqual(['S1', 'S2']);
  });
});
