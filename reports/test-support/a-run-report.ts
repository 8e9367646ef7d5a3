import { Rng } from '../../common/rng.js';
import { RunCollector } from '../collector.js';
import type { RunReport } from '../run-report.js';
import type { DayCharger } from './simulated-day.js';
import { simulateDay } from './simulated-day.js';

/** What kind of synthetic run to build. */
export interface RunReportSpec {
  readonly seed?: number | string;
  /** Simulated hours per scenario (24 gives the full day at 10 s steps). */
  readonly hours?: number;
  readonly stepS?: number;
  /** Add a `compare` of three strategies on the same site. */
  readonly compare?: boolean;
  readonly maxPointsPerTrace?: number;
}

/** 2026-06-01 00:00 at a site in Asia/Kolkata. */
export const SYNTHETIC_START_MS = Date.UTC(2026, 4, 31, 18, 30);

const CHARGERS: readonly DayCharger[] = [
  { id: 'CP1', phase: 'L1', version: '1.6', maxA: 32 },
  { id: 'CP2', phase: 'L1', version: '2.0.1', maxA: 32 },
  { id: 'CP3', phase: 'L2', version: '1.6', maxA: 16 },
  { id: 'CP4', phase: 'L3', version: '2.0.1', maxA: 32 },
];

/**
 * A realistic, seeded run report: a home site through a day, a utility limit drop that the
 * strategy follows too late (FAIL), a faulty charger (frame violations), a conformance case that
 * does not apply, and with `compare` three strategies side by side. Names carry markup characters
 * to exercise escaping.
 */
export function aRunReport(spec: RunReportSpec = {}): RunReport {
  const seed = spec.seed ?? 42;
  const rng = new Rng(seed);
  const hours = spec.hours ?? 24;
  const stepS = spec.stepS ?? 10;
  const endMs = SYNTHETIC_START_MS + hours * 3_600_000;
  const run = new RunCollector({
    command: spec.compare === true ? 'compare' : 'run',
    seed,
    startedAtMs: SYNTHETIC_START_MS,
    ...(spec.maxPointsPerTrace === undefined ? {} : { maxPointsPerTrace: spec.maxPointsPerTrace }),
  });
  const day = { startMs: SYNTHETIC_START_MS, hours, stepS, fuseA: 60, pvPeakW: 10_000, chargers: CHARGERS };
  const strategies =
    spec.compare === true ? (['equal-share', 'priority', 'pv-surplus'] as const) : (['equal-share'] as const);
  for (const strategy of strategies) {
    const home = run.startCase({
      id: `home-site/${strategy}`,
      name: `Reference home site <60 A> & PV — ${strategy}`,
      group: 'home-site.feature',
      tags: ['@home', '@dlb'],
      timeZone: 'Asia/Kolkata',
    });
    simulateDay(home, { ...day, rng: rng.fork(`home/${strategy}`), strategy, firmware: true });
    home.addStep({
      keyword: 'Given',
      text: 'a site with a 60 A main fuse on 3 phases',
      status: 'passed',
      durationMs: 2,
    });
    home.addStep({
      keyword: 'When',
      text: `the simulation runs for ${hours}h`,
      status: 'passed',
      durationMs: 1840,
    });
    home.addStep({ keyword: 'Then', text: 'no breaker would trip', status: 'passed', durationMs: 1 });
    home.finish({ verdict: 'PASS', durationMs: 1843 });
  }
  const drop = run.startCase({
    id: 'utility/limit-drop',
    name: 'Utility limit drop "evening" is followed',
    group: 'utility.feature',
    tags: ['@grid'],
    timeZone: 'Asia/Kolkata',
  });
  simulateDay(drop, {
    ...day,
    rng: rng.fork('drop'),
    strategy: 'equal-share',
    limitDrop: { atHour: Math.min(18, hours / 2), toA: 40, reactionMin: 25 },
    faulty: true,
  });
  drop.addStep({ keyword: 'When', text: 'the grid limit drops to 40 A', status: 'passed', durationMs: 3 });
  drop.addStep({
    keyword: 'Then',
    text: 'the main fuse is never exceeded by more than 5 % for more than 1 min',
    status: 'failed',
    durationMs: 4,
    message: 'L1 stayed above 42 A for 25 min',
  });
  drop.finish({
    verdict: 'FAIL',
    durationMs: 2210,
    failure: {
      message: 'the main fuse was exceeded by more than 5 % for more than 1 min',
      expected: 'at most 42.0 A on every phase, or for at most 60 s',
      received: 'L1 above 42.0 A for 1500 s, peak 58.2 A at 18:24:10',
      location: 'scenarios/features/utility.feature:14',
    },
  });
  const na = run.startCase({
    id: 'TC_K_01_CS',
    name: 'Smart charging: central profile <TxProfile>',
    group: 'conformance K',
  });
  na.finish({
    verdict: 'NOT_APPLICABLE',
    durationMs: 0,
    failure: { message: 'the station does not report SmartCharging' },
  });
  if (spec.compare === true) {
    run.setComparison({
      title: 'reference home site, one day',
      strategies: strategies.map((s) => ({ name: s, caseId: `home-site/${s}` })),
    });
  }
  return run.build(endMs);
}
