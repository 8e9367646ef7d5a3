import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../common/rpc-types.js';
import type { SiteMeterReading } from '../common/site-meter.js';
import { perPhaseOf } from '../common/units.js';
import { RunCollector } from './collector.js';
import { aRunReport } from './test-support/a-run-report.js';

const T0 = Date.UTC(2026, 5, 1, 6, 0);

function aRun(maxPointsPerTrace?: number) {
  return new RunCollector({
    command: 'run',
    seed: 1,
    startedAtMs: T0,
    ...(maxPointsPerTrace === undefined ? {} : { maxPointsPerTrace }),
  });
}

function aReading(timeMs: number, gridA: number, over: Partial<SiteMeterReading> = {}): SiteMeterReading {
  return {
    timeMs,
    voltageV: 230,
    gridPerPhaseA: perPhaseOf(gridA),
    homePerPhaseA: perPhaseOf(5),
    pvPerPhaseA: perPhaseOf(2),
    chargersPerPhaseA: perPhaseOf(gridA - 3),
    ...over,
  };
}

function aFrame(over: Partial<FrameRecord> = {}): FrameRecord {
  return {
    timeMs: T0,
    direction: 'station->csms',
    stationId: 'CP1',
    version: '1.6',
    messageType: 'CALL',
    messageId: '1',
    action: 'Heartbeat',
    raw: '[2,"1","Heartbeat",{}]',
    verdict: 'valid',
    violations: [],
    ...over,
  };
}

describe('case collector', () => {
  it('turns a site reading into power flow through the one current/power conversion', () => {
    const run = aRun();
    const c = run.startCase({ id: 'a', name: 'a', group: 'g' });
    c.recordSite(aReading(T0, 10));
    const k = c.finish({ verdict: 'PASS', durationMs: 1 });
    const byName = Object.fromEntries(k.series.powerFlow.map((s) => [s.name, s.values[0]]));
    expect(byName).toEqual({ PV: 1380, Home: 3450, Chargers: 4830, 'Grid (import + / export −)': 6900 });
  });

  it('finds every overshoot at full resolution and keeps its peak in the drawn trace', () => {
    const run = aRun(100);
    const c = run.startCase({ id: 'a', name: 'a', group: 'g' });
    c.defineCircuit('main', 'Main', 60);
    for (let i = 0; i < 8640; i++) {
      const a = i === 5000 ? 71 : i >= 7000 && i < 7003 ? 61 : 40;
      c.recordSite(aReading(T0 + i * 10_000, a, { gridPerPhaseA: { L1: a, L2: -a, L3: 10 } }));
    }
    const main = c.finish({ verdict: 'PASS', durationMs: 1 }).series.circuits[0]!;
    expect(main.overshoots.map((o) => [o.phase, o.startMs - T0, o.endMs - T0, o.peakA])).toEqual([
      ['L1', 50_000_000, 50_010_000, 71],
      ['L2', 50_000_000, 50_010_000, 71],
      ['L1', 70_000_000, 70_030_000, 61],
      ['L2', 70_000_000, 70_030_000, 61],
    ]);
    const l1 = main.phases.find((p) => p.phase === 'L1')!;
    expect(l1.values.length).toBeLessThanOrEqual(100);
    expect(Math.max(...l1.values.map(Number))).toBe(71);
  });

  it('measures overshoots against the limit in force after a drop, and closes one still open at the end', () => {
    const run = aRun();
    const c = run.startCase({ id: 'a', name: 'a', group: 'g' });
    c.defineCircuit('main', 'Main', 60);
    c.recordCircuit('main', T0, perPhaseOf(45));
    c.setCircuitLimit('main', T0 + 1000, 40);
    c.recordCircuit('main', T0 + 1000, perPhaseOf(45));
    c.recordCircuit('main', T0 + 2000, perPhaseOf(50));
    const k = c.finish({ verdict: 'PASS', durationMs: 1 });
    const main = k.series.circuits[0]!;
    expect(main.overshoots).toHaveLength(3);
    expect(main.overshoots[0]).toMatchObject({ startMs: T0 + 1000, endMs: T0 + 2000, peakA: 50, limitA: 40 });
    expect(main.limitPerPhaseA.timesMs).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(main.limitPerPhaseA.values).toEqual([60, 40, 40]);
    expect(k.metrics['limit.main.overshoots']?.value).toBe(3);
    expect(k.metrics['fuse.main.peakA']?.value).toBe(50);
    expect(k.metrics['fuse.main.secondsAboveLimit']?.value).toBe(0);
  });

  it('takes a limit of 0 A (an outage): all current is over it', () => {
    const c = aRun().startCase({ id: 'a', name: 'a', group: 'g' });
    c.defineCircuit('main', 'Main', 60);
    c.setCircuitLimit('main', T0, 0);
    c.recordCircuit('main', T0, { L1: 0, L2: 3, L3: 0 });
    const main = c.finish({ verdict: 'PASS', durationMs: 1 }).series.circuits[0]!;
    expect(main.overshoots.map((o) => [o.phase, o.peakA, o.limitA])).toEqual([['L2', 3, 0]]);
  });

  it('stacks allocations on shared times: absent chargers get 0 W, a second snapshot at one time replaces the first', () => {
    const run = aRun();
    const c = run.startCase({ id: 'a', name: 'a', group: 'g' });
    c.recordAllocation(T0, [{ chargerId: 'CP10', powerW: 7000 }]);
    c.recordAllocation(T0 + 60_000, [{ chargerId: 'CP2', powerW: 3000 }]);
    c.recordAllocation(T0 + 60_000, [
      { chargerId: 'CP2', powerW: 2000 },
      { chargerId: 'CP10', powerW: 1000 },
    ]);
    c.recordAllocation(T0 + 120_000, []);
    const series = c.finish({ verdict: 'PASS', durationMs: 1 }).series.allocations;
    expect(series.map((s) => [s.name, s.values])).toEqual([
      ['CP2', [0, 2000, 0]],
      ['CP10', [7000, 1000, 0]],
    ]);
    expect(series[0]!.timesMs).toEqual(series[1]!.timesMs);
  });

  it.each([
    [
      'a sample back in time',
      (c: ReturnType<RunCollector['startCase']>) => {
        c.recordSoc(T0 + 10, 'EV1', 50);
        c.recordSoc(T0, 'EV1', 51);
      },
      /earlier than the previous one/,
    ],
    [
      'an unknown circuit',
      (c: ReturnType<RunCollector['startCase']>) => c.recordCircuit('garage', T0, perPhaseOf(1)),
      /unknown circuit "garage".*defineCircuit/,
    ],
    [
      'a negative limit',
      (c: ReturnType<RunCollector['startCase']>) => {
        c.defineCircuit('main', 'Main', 60);
        c.setCircuitLimit('main', T0, -1);
      },
      /a limit must be a number of amperes >= 0, got -1/,
    ],
    [
      'a circuit rated 0 A',
      (c: ReturnType<RunCollector['startCase']>) => c.defineCircuit('main', 'Main', 0),
      /rated current must be a positive number of amperes, got 0/,
    ],
    [
      'a SoC over 100 %',
      (c: ReturnType<RunCollector['startCase']>) => c.recordSoc(T0, 'EV1', 101),
      /within 0\.\.100/,
    ],
    [
      'a negative allocation',
      (c: ReturnType<RunCollector['startCase']>) =>
        c.recordAllocation(T0, [{ chargerId: 'CP1', powerW: -1 }]),
      />= 0 W/,
    ],
    [
      'fractional money',
      (c: ReturnType<RunCollector['startCase']>) =>
        c.recordBilling({
          sessionId: 'S',
          chargerId: 'CP1',
          startedAtMs: T0,
          energyWh: 1,
          amount: { minorUnits: 1.5, currency: 'INR' },
          status: 'billed',
        }),
      /whole minor units/,
    ],
    [
      'a fairness index above 1',
      (c: ReturnType<RunCollector['startCase']>) => c.recordFairness(T0, 1.2),
      /within 0\.\.1/,
    ],
  ])('refuses %s with a message that says what is wrong', (_name, act, message) => {
    const c = aRun().startCase({ id: 'a', name: 'a', group: 'g' });
    expect(() => act(c)).toThrow(message);
  });

  it('computes fairness over time from session shares, and an explicit metric overrides a computed one', () => {
    const run = aRun();
    const c = run.startCase({ id: 'a', name: 'a', group: 'g' });
    c.recordShares(T0, [
      { sessionId: 'S1', allocatedA: 8, demandA: 16 },
      { sessionId: 'S2', allocatedA: 16, demandA: 32 },
    ]);
    c.recordShares(T0 + 60_000, [
      { sessionId: 'S1', allocatedA: 16, demandA: 32 },
      { sessionId: 'S2', allocatedA: 0, demandA: 32 },
    ]);
    c.recordShares(T0 + 120_000, []);
    c.setMetric('fairness.minIndex', { value: 0.25, label: 'set by the step' });
    const k = c.finish({ verdict: 'PASS', durationMs: 1 });
    expect(k.series.fairness[0]!.values).toEqual([1, 0.5, null]);
    expect(k.metrics['fairness.meanIndex']?.value).toBe(0.75);
    expect(k.metrics['fairness.minIndex']).toEqual({ value: 0.25, label: 'set by the step' });
  });

  it('draws no fairness while no two sessions compete', () => {
    const c = aRun().startCase({ id: 'a', name: 'a', group: 'g' });
    c.recordShares(T0, [{ sessionId: 'S1', allocatedA: 32, demandA: 32 }]);
    c.recordShares(T0 + 60_000, []);
    const k = c.finish({ verdict: 'PASS', durationMs: 1 });
    expect(k.series.fairness).toEqual([]);
    expect(k.metrics['fairness.meanIndex']?.value).toBeNull();
  });

  it('counts frames by action and direction and points every violation at its frames.jsonl line', () => {
    const run = aRun();
    run.recordFrame(aFrame({ stationId: 'outside-any-case' }));
    const a = run.startCase({ id: 'a', name: 'a', group: 'g' });
    const b = run.startCase({ id: 'b', name: 'b', group: 'g' });
    a.recordFrame(aFrame());
    b.recordFrame(aFrame({ direction: 'csms->station', messageType: 'CALLRESULT' }));
    const bad = aFrame({
      action: 'MeterValues',
      verdict: 'invalid',
      violations: [
        {
          pointer: '/meterValue/0/timestamp',
          message: 'must be a date-time',
          kind: 'bad-format',
          code: 'FormationViolation',
        },
        {
          pointer: '/connectorId',
          message: 'must be an integer',
          kind: 'wrong-type',
          code: 'TypeConstraintViolation',
        },
      ],
    });
    expect(a.recordFrame(bad)).toBe(4);
    a.recordFrame(aFrame({ messageType: 'INVALID', action: undefined, raw: '[2,', verdict: 'invalid' }));
    const ka = a.finish({ verdict: 'PASS', durationMs: 1 });
    expect(a.recordFrame(aFrame({ messageId: 'late' }))).toBe(6);
    const report = run.build(T0 + 1000);
    expect(report.frames).toHaveLength(6);
    expect(ka.frameCounts).toEqual([
      {
        action: '(unknown)',
        direction: 'station->csms',
        calls: 0,
        results: 0,
        errors: 0,
        malformed: 1,
        invalid: 1,
      },
      {
        action: 'Heartbeat',
        direction: 'station->csms',
        calls: 1,
        results: 0,
        errors: 0,
        malformed: 0,
        invalid: 0,
      },
      {
        action: 'MeterValues',
        direction: 'station->csms',
        calls: 1,
        results: 0,
        errors: 0,
        malformed: 0,
        invalid: 1,
      },
    ]);
    expect(ka.violations.map((v) => [v.frameLine, v.pointer, v.code])).toEqual([
      [4, '/meterValue/0/timestamp', 'FormationViolation'],
      [4, '/connectorId', 'TypeConstraintViolation'],
      [5, '', ''],
    ]);
    for (const v of ka.violations) expect(report.frames[v.frameLine - 1]!.verdict).toBe('invalid');
  });

  it('reports a case that never finished as ERROR instead of dropping it', () => {
    const run = aRun();
    run.startCase({ id: 'done', name: 'done', group: 'g' }).finish({ verdict: 'PASS', durationMs: 5 });
    run.startCase({ id: 'cut', name: 'cut', group: 'g' }).recordSoc(T0, 'EV1', 10);
    const report = run.build(T0 + 1);
    expect(report.cases.map((c) => [c.id, c.verdict])).toEqual([
      ['done', 'PASS'],
      ['cut', 'ERROR'],
    ]);
    expect(report.cases[1]!.failure?.message).toMatch(/did not finish/);
  });

  it('refuses a time zone that is not an IANA name', () => {
    expect(() => aRun().startCase({ id: 'a', name: 'a', group: 'g', timeZone: 'India/Kolkatta' })).toThrow(
      /unknown time zone "India\/Kolkatta"; use an IANA name such as Asia\/Kolkata/,
    );
  });

  it('refuses a case id used twice and a comparison naming a case not in the run', () => {
    const run = aRun();
    run.startCase({ id: 'x', name: 'x', group: 'g' });
    expect(() => run.startCase({ id: 'x', name: 'y', group: 'g' })).toThrow(/used twice/);
    run.setComparison({ title: 't', strategies: [{ name: 'equal-share', caseId: 'nope' }] });
    expect(() => run.build(T0)).toThrow(/names case "nope"/);
  });
});

describe('the seeded synthetic run', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = aRunReport({ seed: 5, hours: 2 });
    expect(aRunReport({ seed: 5, hours: 2 })).toEqual(a);
    expect(aRunReport({ seed: 6, hours: 2 })).not.toEqual(a);
  });
});
