import { describe, expect, it } from 'vitest';
import { allocate, UnknownChargerError } from './allocate.js';
import { aSession, aTree, anInput, someChargers, someMeasurements } from './dlb-test-builders.js';
import { equalShare } from './strategies/equal-share.js';
import { priority } from './strategies/priority.js';
import { timeOfUse } from './strategies/time-of-use.js';
import type { Allocation, StrategyInput } from './strategy.js';

const threeOnMain = ['CP1', 'CP2', 'CP3'];

function amps(allocs: Allocation[]): Record<string, number> {
  return Object.fromEntries(allocs.map((a) => [a.chargerId, Math.round(a.perPhaseA * 1000) / 1000]));
}

describe('allocate with equal share', () => {
  it.each([
    {
      name: '60 A fuse, 20 A home, three 3-phase 32 A chargers, 5 % margin -> (57-20)/3 each',
      input: anInput({ sessions: threeOnMain.map((c) => aSession(c)), measurements: someMeasurements(20) }),
      expected: { CP1: 12.333, CP2: 12.333, CP3: 12.333 },
    },
    {
      name: 'one EV capped at 10 A -> the other two share the rest (37-10)/2',
      input: anInput({
        sessions: [aSession('CP1', { maxCurrentA: 10, demandA: 10 }), aSession('CP2'), aSession('CP3')],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 10, CP2: 13.5, CP3: 13.5 },
    },
    {
      name: 'three 1-phase chargers all on L1 share L1: 37/3',
      input: anInput({
        tree: aTree({ chargers: someChargers(3, 'CP', { phases: 1 }) }),
        sessions: threeOnMain.map((c) => aSession(c, { phases: 1 })),
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 12.333, CP2: 12.333, CP3: 12.333 },
    },
    {
      name: 'three 1-phase chargers rotated onto L1, L2, L3 each get their 32 A cap',
      input: anInput({
        tree: aTree({
          chargers: [
            { id: 'CP1', phases: 1, firstPhase: 'L1' },
            { id: 'CP2', phases: 1, firstPhase: 'L2' },
            { id: 'CP3', phases: 1, firstPhase: 'L3' },
          ],
        }),
        sessions: [
          aSession('CP1', { phases: 1, firstPhase: 'L1' }),
          aSession('CP2', { phases: 1, firstPhase: 'L2' }),
          aSession('CP3', { phases: 1, firstPhase: 'L3' }),
        ],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 32, CP2: 32, CP3: 32 },
    },
    {
      name: 'a 1-phase charger on L1 constrains only L1: 40 A fuse, 1-phase + 3-phase share L1, the other 1-phase on L2 fills L2',
      input: anInput({
        tree: aTree({
          maxPerPhaseA: 40,
          chargers: [
            { id: 'A', phases: 1, firstPhase: 'L1' },
            { id: 'B', phases: 3 },
            { id: 'C', phases: 1, firstPhase: 'L2', maxCurrentA: 32 },
          ],
        }),
        sessions: [
          aSession('A', { phases: 1 }),
          aSession('B'),
          aSession('C', { phases: 1, firstPhase: 'L2' }),
        ],
        settings: { safetyMargin: 0 },
      }),
      // L1: A + B <= 40 -> 20 each; L2: B(20) + C <= 40 -> C 20; L3: B alone.
      expected: { A: 20, B: 20, C: 20 },
    },
    {
      name: 'nested sub-panels: a 20 A floor shares 10/10, a 63 A floor gives 31.5/31.5 under a 100 A main',
      input: anInput({
        tree: aTree({
          maxPerPhaseA: 100,
          chargers: [],
          circuits: [
            { id: 'floor-1', maxPerPhaseA: 20, chargers: someChargers(2, 'F1-') },
            { id: 'floor-2', maxPerPhaseA: 63, chargers: someChargers(2, 'F2-') },
          ],
        }),
        sessions: ['F1-1', 'F1-2', 'F2-1', 'F2-2'].map((c) => aSession(c)),
        settings: { safetyMargin: 0 },
      }),
      expected: { 'F1-1': 10, 'F1-2': 10, 'F2-1': 31.5, 'F2-2': 31.5 },
    },
    {
      name: 'nested sub-panels with the main binding: 50 A main over two 40 A floors with two chargers each -> 12.5 each',
      input: anInput({
        tree: aTree({
          maxPerPhaseA: 50,
          chargers: [],
          circuits: [
            { id: 'floor-1', maxPerPhaseA: 40, chargers: someChargers(2, 'F1-') },
            { id: 'floor-2', maxPerPhaseA: 40, chargers: someChargers(2, 'F2-') },
          ],
        }),
        sessions: ['F1-1', 'F1-2', 'F2-1', 'F2-2'].map((c) => aSession(c)),
        settings: { safetyMargin: 0 },
      }),
      expected: { 'F1-1': 12.5, 'F1-2': 12.5, 'F2-1': 12.5, 'F2-2': 12.5 },
    },
    {
      name: '250 kW site with 80 kW floors: four 22 kW chargers per floor get 80 kW / 4 / 690 W/A = 28.986 A',
      input: anInput({
        tree: aTree({
          maxPerPhaseA: 400,
          maxPowerKw: 250,
          chargers: [],
          circuits: [1, 2, 3].map((f) => ({
            id: `floor-${f}`,
            maxPowerKw: 80,
            chargers: someChargers(4, `F${f}-`),
          })),
        }),
        sessions: [1, 2, 3].flatMap((f) => [1, 2, 3, 4].map((c) => aSession(`F${f}-${c}`))),
        settings: { safetyMargin: 0 },
      }),
      expected: Object.fromEntries([1, 2, 3].flatMap((f) => [1, 2, 3, 4].map((c) => [`F${f}-${c}`, 28.986]))),
    },
    {
      name: 'a VIP charger on a dedicated line gets its full 32 A and does not load the main',
      input: anInput({
        tree: aTree({}, [{ id: 'VIP' }]),
        sessions: [...threeOnMain.map((c) => aSession(c)), aSession('VIP')],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 12.333, CP2: 12.333, CP3: 12.333, VIP: 32 },
    },
    {
      name: 'an EV drawing 5 A of its 16 A limit is held at 6 A, the others share (37-6)/2',
      input: anInput({
        sessions: [aSession('CP1', { allocatedA: 16, measuredA: 5 }), aSession('CP2'), aSession('CP3')],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 6, CP2: 15.5, CP3: 15.5 },
    },
    {
      name: 'a station that rejected its profile is counted at 32 A: 100 A fuse, the others get (95-20-32)/2',
      input: anInput({
        tree: aTree({ maxPerPhaseA: 100 }),
        sessions: [aSession('CP1', { controllable: false }), aSession('CP2'), aSession('CP3')],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 32, CP2: 21.5, CP3: 21.5 },
    },
    {
      name: 'a power limit on the main: 13.8 kW x 0.95 - 2.3 kW home = 10.81 kW fits two 6 A minimums (4.14 kW each) -> 10.81 kW / 2 / 690 W/A, third paused',
      input: anInput({
        tree: aTree({ maxPowerKw: 13.8 }),
        sessions: threeOnMain.map((c) => aSession(c)),
        measurements: someMeasurements(10 / 3),
      }),
      expected: { CP1: 7.833, CP2: 7.833, CP3: 0 },
    },
    {
      name: 'home load above the fuse pauses everyone',
      input: anInput({ sessions: threeOnMain.map((c) => aSession(c)), measurements: someMeasurements(58) }),
      expected: { CP1: 0, CP2: 0, CP3: 0 },
    },
    {
      name: 'a full EV (demand 0) gets nothing and frees its share',
      input: anInput({
        sessions: [aSession('CP1', { demandA: 0 }), aSession('CP2'), aSession('CP3')],
        measurements: someMeasurements(20),
      }),
      expected: { CP1: 0, CP2: 18.5, CP3: 18.5 },
    },
  ])('$name', ({ input, expected }) => {
    expect(amps(allocate(input, equalShare))).toEqual(expected);
  });

  it('pauses rather than starves below the minimum: 20 A for four sessions -> three at 6.67 A, one paused', () => {
    const input = anInput({
      tree: aTree({ maxPerPhaseA: 20, chargers: someChargers(4, 'CP') }),
      sessions: ['CP1', 'CP2', 'CP3', 'CP4'].map((c) => aSession(c)),
      settings: { safetyMargin: 0 },
    });
    const out = allocate(input, equalShare);
    const charging = out.filter((a) => a.perPhaseA > 0);
    expect(charging).toHaveLength(3);
    for (const a of charging) expect(a.perPhaseA).toBeCloseTo(20 / 3, 6);
    const paused = out.find((a) => a.perPhaseA === 0)!;
    expect(paused.limitedBy).toBe('paused');
    expect(paused.reason).toMatch(/paused: circuit main on L1 .* 6\.0 A minimum/);
  });

  it('rotates who is paused: the longest-waiting session replaces one that has charged a full interval', () => {
    const t = 10 * 3_600_000;
    const interval = 15 * 60_000;
    const base = {
      tree: aTree({ maxPerPhaseA: 20, chargers: someChargers(4, 'CP') }),
      settings: { safetyMargin: 0, rotationIntervalMs: interval },
      timeMs: t,
    };
    const out = allocate(
      anInput({
        ...base,
        sessions: [
          aSession('CP1', { chargingSinceMs: t - interval - 1 }),
          aSession('CP2', { chargingSinceMs: t - 60_000 }),
          aSession('CP3', { chargingSinceMs: t - 120_000 }),
          aSession('CP4', { pausedSinceMs: t - interval }),
        ],
      }),
      equalShare,
    );
    expect(amps(out)).toEqual({ CP1: 0, CP2: 6.667, CP3: 6.667, CP4: 6.667 });
  });

  it('throws naming the charger when a session is on a charger the site does not know', () => {
    expect(() => allocate(anInput({ sessions: [aSession('NOPE')] }), equalShare)).toThrow(
      UnknownChargerError,
    );
    expect(() => allocate(anInput({ sessions: [aSession('NOPE')] }), equalShare)).toThrow(/"NOPE".*add it/);
  });

  it('says why in words', () => {
    const [a] = allocate(
      anInput({ sessions: threeOnMain.map((c) => aSession(c)), measurements: someMeasurements(20) }),
      equalShare,
    );
    expect(a!.reason).toBe(
      'equal share: share of circuit main on L1 (57.0 A after the 5.0 % margin, 20.0 A other load): 12.3 A',
    );
    expect(a!.limitedBy).toBe('circuit:main:L1');
  });
});

describe('allocate with priority', () => {
  it.each([
    {
      name: 'VIP weight 4 vs normal 1 on 30 A -> 24 / 6',
      fuse: 30,
      classes: ['vip', 'normal'],
      expected: [24, 6],
    },
    {
      name: 'fleet weight 2 vs normal 1 on 30 A -> 20 / 10',
      fuse: 30,
      classes: ['fleet', 'normal'],
      expected: [20, 10],
    },
    {
      name: 'VIP gets its cap, normal the rest: 50 A -> 32 / 18',
      fuse: 50,
      classes: ['vip', 'normal'],
      expected: [32, 18],
    },
    {
      name: 'only room for one minimum: 10 A -> the VIP charges, normal paused',
      fuse: 10,
      classes: ['normal', 'vip'],
      expected: [0, 10],
    },
  ])('$name', ({ fuse, classes, expected }) => {
    const input = anInput({
      tree: aTree({ maxPerPhaseA: fuse, chargers: someChargers(2, 'CP') }),
      sessions: classes.map((p, i) => aSession(`CP${i + 1}`, { priority: p })),
      settings: { safetyMargin: 0 },
    });
    expect(allocate(input, priority).map((a) => Math.round(a.perPhaseA * 1000) / 1000)).toEqual(expected);
  });
});

describe('allocate with time of use', () => {
  const input = (timeMs: number): StrategyInput =>
    anInput({
      sessions: threeOnMain.map((c) => aSession(c)),
      measurements: someMeasurements(20),
      timeMs,
      settings: { timeOfUse: [{ from: '18:00', to: '22:00', factor: 0.5 }] },
    });
  it.each([
    { name: '19:00 IST is peak: (57-20) x 0.5 / 3', timeMs: Date.UTC(2026, 5, 1, 13, 30), each: 6.167 },
    { name: '12:00 IST is off-peak: (57-20) / 3', timeMs: Date.UTC(2026, 5, 1, 6, 30), each: 12.333 },
    { name: '22:00 IST the window has closed', timeMs: Date.UTC(2026, 5, 1, 16, 30), each: 12.333 },
  ])('$name', ({ timeMs, each }) => {
    for (const a of allocate(input(timeMs), timeOfUse))
      expect(Math.round(a.perPhaseA * 1000) / 1000).toBe(each);
  });
});
