import { describe, expect, it } from 'vitest';
import { allocate } from '../allocate.js';
import { aSession, aTree, anInput, someChargers, someMeasurements } from '../dlb-test-builders.js';
import type { DlbSettingsInput } from '../dlb-settings.js';
import type { PvState } from '../pv-hysteresis.js';
import type { SiteMeasurements } from '../strategy.js';
import { equalShare } from './equal-share.js';
import { activeHomeMode } from './home-modes.js';

const NOON = Date.UTC(2026, 5, 1, 6, 30); // 12:00 IST
const NIGHT = Date.UTC(2026, 5, 1, 17, 30); // 23:00 IST
const EARLY = Date.UTC(2026, 5, 1, 0, 0); // 05:30 IST

describe('activeHomeMode precedence', () => {
  it.each([
    { modes: { extreme: true, nightFullSpeed: true, pvDynamic: true }, timeMs: NIGHT, expected: 'extreme' },
    { modes: { nightFullSpeed: true, pvDynamic: true }, timeMs: NIGHT, expected: 'night-full-speed' },
    { modes: { nightFullSpeed: true, pvDynamic: true }, timeMs: EARLY, expected: 'night-full-speed' },
    { modes: { nightFullSpeed: true, pvDynamic: true }, timeMs: NOON, expected: 'pv-dynamic' },
    { modes: { nightFullSpeed: true }, timeMs: NOON, expected: 'base' },
    { modes: {}, timeMs: NIGHT, expected: 'base' },
  ])('$modes at $timeMs -> $expected', ({ modes, timeMs, expected }) => {
    expect(activeHomeMode(anInput({ settings: { modes }, timeMs }))).toBe(expected);
  });
});

function run(
  settings: DlbSettingsInput,
  extra: { timeMs?: number; pv?: PvState; measurements?: SiteMeasurements; fuse?: number; n?: number } = {},
): number[] {
  const n = extra.n ?? 3;
  const input = anInput({
    tree: aTree({ maxPerPhaseA: extra.fuse ?? 60, chargers: someChargers(n, 'CP') }),
    sessions: Array.from({ length: n }, (_, i) => aSession(`CP${i + 1}`, { demandA: 16 })),
    measurements: extra.measurements ?? someMeasurements(20),
    settings,
    timeMs: extra.timeMs ?? NOON,
    ...(extra.pv === undefined ? {} : { pv: extra.pv }),
  });
  return allocate(input, equalShare).map((a) => Math.round(a.perPhaseA * 1000) / 1000);
}

describe('home modes', () => {
  it.each([
    {
      name: 'without modes an EV asking 16 A gets 16 A when the fuse allows (100 A fuse)',
      settings: {},
      extra: { fuse: 100 },
      expected: [16, 16, 16],
    },
    {
      name: 'Extreme gives full 32 A whatever the EV asked for, when the fuse allows (200 A)',
      settings: { modes: { extreme: true } },
      extra: { fuse: 200 },
      expected: [32, 32, 32],
    },
    {
      name: 'Extreme is still capped by Anti Overload: 60 A, 20 A home -> 12.33 A each',
      settings: { modes: { extreme: true } },
      extra: {},
      expected: [12.333, 12.333, 12.333],
    },
    {
      name: 'Night Full Speed at 23:00 site time -> full speed within the fuse (200 A)',
      settings: { modes: { nightFullSpeed: true } },
      extra: { timeMs: NIGHT, fuse: 200 },
      expected: [32, 32, 32],
    },
    {
      name: 'Night Full Speed at noon -> the base strategy (demand 16 A)',
      settings: { modes: { nightFullSpeed: true } },
      extra: { timeMs: NOON, fuse: 200 },
      expected: [16, 16, 16],
    },
    {
      name: 'PV active with 13.8 kW surplus (20 A PV per phase, no home): 13.8 kW / 3 / 690 W/A = 6.667 A each',
      settings: { modes: { pvDynamic: true } },
      extra: { measurements: someMeasurements(0, 20), pv: { active: true, surplusW: 13_800 } },
      expected: [6.667, 6.667, 6.667],
    },
    {
      name: 'PV active with 6.9 kW surplus: only one 6 A minimum fits, it takes 10 A',
      settings: { modes: { pvDynamic: true } },
      extra: { pv: { active: true, surplusW: 6900 } },
      expected: [10, 0, 0],
    },
    {
      name: 'PV active but the surplus dipped to 1 kW: one session held at 6 A until the disable delay',
      settings: { modes: { pvDynamic: true } },
      extra: { pv: { active: true, surplusW: 1000 } },
      expected: [6, 0, 0],
    },
    {
      name: 'PV not active: nothing',
      settings: { modes: { pvDynamic: true } },
      extra: { pv: { active: false, surplusW: 20_000 } },
      expected: [0, 0, 0],
    },
    {
      name: 'Min+PV without surplus: everyone at 6 A',
      settings: { modes: { pvDynamic: true, minPlusPv: true } },
      extra: { pv: { active: false, surplusW: 0 } },
      expected: [6, 6, 6],
    },
    {
      name: 'Min+PV with 20.7 kW surplus: 20.7 kW / 3 / 690 W/A = 10 A each',
      settings: { modes: { pvDynamic: true, minPlusPv: true } },
      extra: { pv: { active: true, surplusW: 20_700 } },
      expected: [10, 10, 10],
    },
    {
      name: 'Min+PV is still capped by the fuse: 30 A fuse, 20 A home -> only one 6 A minimum fits (28.5 - 20 = 8.5 A)',
      settings: { modes: { pvDynamic: true, minPlusPv: true } },
      extra: { fuse: 30, pv: { active: false, surplusW: 0 } },
      expected: [8.5, 0, 0],
    },
  ])('$name', ({ settings, extra, expected }) => {
    expect(run(settings, extra)).toEqual(expected);
  });
});
