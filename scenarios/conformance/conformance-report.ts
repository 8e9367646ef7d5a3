import { FrameStats } from '../../reports/frame-stats.js';
import type { FirmwareEvent, ReportCase, RunReport } from '../../reports/run-report.js';
import type { CaseResult } from './case-result.js';
import type { ConformanceRun } from './run-certify.js';

/** What the report says about the run besides its results. */
export interface ConformanceReportInfo {
  /** `certify` or `check-csms`. */
  readonly command: string;
  readonly title: string;
  readonly seed: string | number;
}

/**
 * The run as a report for the writers: one case per test case id (JUnit testcase), grouped by
 * block (JUnit testsuite; the page lists them in block order), each with its verdict, its
 * first deviation or why it does not apply, its steps, and the frames it exchanged.
 */
export function conformanceReport(run: ConformanceRun, info: ConformanceReportInfo): RunReport {
  return {
    command: info.command,
    title: info.title,
    seed: info.seed,
    startedAtMs: run.startedAtMs,
    endedAtMs: run.endedAtMs,
    cases: run.results.map((r) => reportCase(r, run)),
    frames: run.frames,
  };
}

function reportCase(r: CaseResult, run: ConformanceRun): ReportCase {
  const tc = r.testCase;
  const stats = new FrameStats();
  const [from, to] = r.frameRange;
  for (let i = from; i < to; i++) stats.add(run.frames[i]!, i + 1);
  const failure =
    r.failure ??
    (r.verdict === 'NOT_APPLICABLE' ? { message: `not applicable: ${r.reason ?? ''}` } : undefined);
  return {
    id: tc.id,
    name: `${tc.id} ${tc.title}`,
    group: tc.block,
    tags: [
      `ocpp-${tc.version}`,
      tc.suite,
      `${tc.side}-under-test`,
      tc.specRef,
      ...(tc.numberingNote === undefined ? [] : [`numbering: ${tc.numberingNote}`]),
    ],
    verdict: r.verdict,
    ...(failure === undefined ? {} : { failure }),
    durationMs: r.endedAtMs - r.startedAtMs,
    steps: r.steps,
    series: { powerFlow: [], circuits: [], allocations: [], fairness: [], soc: [] },
    metrics: {
      'conformance.frames': { value: to - from, label: 'frames exchanged' },
      'conformance.steps': { value: r.steps.length, label: 'steps' },
    },
    billing: [],
    firmware: firmwareEvents(r, run),
    frameCounts: stats.counts(),
    violations: stats.violations(),
  };
}

/** FirmwareStatusNotifications the charger sent during the case. */
function firmwareEvents(r: CaseResult, run: ConformanceRun): FirmwareEvent[] {
  const out: FirmwareEvent[] = [];
  for (let i = r.frameRange[0]; i < r.frameRange[1]; i++) {
    const f = run.frames[i]!;
    if (f.messageType !== 'CALL' || f.action !== 'FirmwareStatusNotification') continue;
    try {
      const payload = (JSON.parse(f.raw) as unknown[])[3] as { status?: unknown };
      if (typeof payload.status === 'string')
        out.push({ timeMs: f.timeMs, chargerId: f.stationId, status: payload.status });
    } catch {
      // a frame that is not JSON is already judged by the case
    }
  }
  return out;
}
