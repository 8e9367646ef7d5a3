import type { FrameDirection, FrameRecord } from '../common/rpc-types.js';
import type { Phase } from '../common/units.js';
import { isoUtc } from './format.js';
import type {
  CaseVerdict,
  FrameCount,
  MoneyAmount,
  ReportCase,
  RunReport,
  StepStatus,
} from './run-report.js';
import { overallVerdict, verdictTotals } from './run-report.js';
import type { VerdictTotals } from './run-report.js';

/** Version of the summary.json layout; raised whenever a key changes meaning or goes away. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** Most violations listed per case in summary.json (`violationCount` has the full number). */
export const MAX_SUMMARY_VIOLATIONS = 1000;

/** The files a report folder holds, by role. */
export const REPORT_FILES = {
  html: 'index.html',
  summary: 'summary.json',
  junit: 'junit.xml',
  frames: 'frames.jsonl',
} as const;

/** summary.json: every key is always present (null when there is nothing). See reports/README.md. */
export interface RunSummary {
  readonly schemaVersion: number;
  readonly tool: 'ocpp-harness';
  readonly command: string;
  readonly title: string;
  readonly seed: string | number;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly verdict: 'PASS' | 'FAIL';
  readonly totals: VerdictTotals;
  readonly frames: { readonly total: number; readonly invalid: number };
  readonly cases: readonly CaseSummary[];
  readonly comparison: ComparisonSummary | null;
  readonly files: typeof REPORT_FILES;
}

/** One case in summary.json. */
export interface CaseSummary {
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly tags: readonly string[];
  readonly verdict: CaseVerdict;
  readonly durationMs: number;
  readonly failure: {
    readonly message: string;
    readonly expected: string | null;
    readonly received: string | null;
    readonly location: string | null;
  } | null;
  readonly steps: readonly {
    readonly keyword: string;
    readonly text: string;
    readonly status: StepStatus;
    readonly durationMs: number;
    readonly message: string | null;
  }[];
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly overshoots: readonly {
    readonly circuitId: string;
    readonly phase: Phase;
    readonly startAt: string;
    readonly endAt: string;
    readonly peakA: number;
    readonly limitA: number;
  }[];
  readonly billing: readonly {
    readonly sessionId: string;
    readonly chargerId: string;
    readonly user: string | null;
    readonly startedAt: string;
    readonly endedAt: string | null;
    readonly energyWh: number;
    readonly amount: MoneyAmount;
    readonly status: string;
    readonly walletAfter: MoneyAmount | null;
  }[];
  readonly firmware: readonly {
    readonly time: string;
    readonly chargerId: string;
    readonly status: string;
    readonly version: string | null;
    readonly detail: string | null;
  }[];
  readonly frames: {
    readonly total: number;
    readonly invalid: number;
    readonly byAction: readonly FrameCount[];
  };
  readonly violationCount: number;
  readonly violations: readonly {
    readonly frameLine: number;
    readonly time: string;
    readonly stationId: string;
    readonly direction: FrameDirection;
    readonly messageType: FrameRecord['messageType'];
    readonly action: string | null;
    readonly pointer: string;
    readonly code: string;
    readonly message: string;
  }[];
}

/** A metric in summary.json. */
export interface MetricSummary {
  readonly value: number | string | boolean | null;
  readonly unit: string | null;
  readonly label: string | null;
  readonly better: 'higher' | 'lower' | null;
}

/** The `compare` part of summary.json. */
export interface ComparisonSummary {
  readonly title: string;
  readonly circuitId: string;
  readonly strategies: readonly {
    readonly name: string;
    readonly caseId: string;
    readonly verdict: CaseVerdict | null;
    readonly metrics: Readonly<Record<string, MetricSummary>>;
  }[];
}

/** Builds summary.json's content from a report. */
export function buildSummary(report: RunReport): RunSummary {
  const cases = report.cases.map(caseSummary);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    tool: 'ocpp-harness',
    command: report.command,
    title: report.title ?? `ocpp-harness ${report.command}`,
    seed: report.seed,
    startedAt: isoUtc(report.startedAtMs),
    endedAt: isoUtc(report.endedAtMs),
    durationMs: report.endedAtMs - report.startedAtMs,
    verdict: overallVerdict(report.cases),
    totals: verdictTotals(report.cases),
    frames: {
      total: report.frames.length,
      invalid: report.frames.filter((f) => f.verdict === 'invalid').length,
    },
    cases,
    comparison:
      report.comparison === undefined
        ? null
        : {
            title: report.comparison.title,
            circuitId: report.comparison.circuitId ?? 'main',
            strategies: report.comparison.strategies.map((s) => {
              const c = report.cases.find((k) => k.id === s.caseId);
              return {
                name: s.name,
                caseId: s.caseId,
                verdict: c?.verdict ?? null,
                metrics: c === undefined ? {} : metricsSummary(c),
              };
            }),
          },
    files: REPORT_FILES,
  };
}

/** summary.json's text: 2-space indented, ending in a newline. */
export function renderSummaryJson(report: RunReport): string {
  return `${JSON.stringify(buildSummary(report), null, 2)}\n`;
}

function caseSummary(c: ReportCase): CaseSummary {
  const f = c.failure;
  return {
    id: c.id,
    name: c.name,
    group: c.group,
    tags: [...c.tags],
    verdict: c.verdict,
    durationMs: c.durationMs,
    failure:
      f === undefined
        ? null
        : {
            message: f.message,
            expected: f.expected ?? null,
            received: f.received ?? null,
            location: f.location ?? null,
          },
    steps: c.steps.map((s) => ({
      keyword: s.keyword,
      text: s.text,
      status: s.status,
      durationMs: s.durationMs,
      message: s.message ?? null,
    })),
    metrics: metricsSummary(c),
    overshoots: c.series.circuits.flatMap((k) =>
      k.overshoots.map((o) => ({
        circuitId: k.circuitId,
        phase: o.phase,
        startAt: isoUtc(o.startMs),
        endAt: isoUtc(o.endMs),
        peakA: o.peakA,
        limitA: o.limitA,
      })),
    ),
    billing: c.billing.map((b) => ({
      sessionId: b.sessionId,
      chargerId: b.chargerId,
      user: b.user ?? null,
      startedAt: isoUtc(b.startedAtMs),
      endedAt: b.endedAtMs === undefined ? null : isoUtc(b.endedAtMs),
      energyWh: b.energyWh,
      amount: { minorUnits: b.amount.minorUnits, currency: b.amount.currency },
      status: b.status,
      walletAfter:
        b.walletAfter === undefined
          ? null
          : { minorUnits: b.walletAfter.minorUnits, currency: b.walletAfter.currency },
    })),
    firmware: c.firmware.map((e) => ({
      time: isoUtc(e.timeMs),
      chargerId: e.chargerId,
      status: e.status,
      version: e.version ?? null,
      detail: e.detail ?? null,
    })),
    frames: {
      total: c.frameCounts.reduce((s, k) => s + k.calls + k.results + k.errors + k.malformed, 0),
      invalid: c.frameCounts.reduce((s, k) => s + k.invalid, 0),
      byAction: c.frameCounts.map((k) => ({ ...k })),
    },
    violationCount: c.violations.length,
    violations: c.violations.slice(0, MAX_SUMMARY_VIOLATIONS).map((v) => ({
      frameLine: v.frameLine,
      time: isoUtc(v.timeMs),
      stationId: v.stationId,
      direction: v.direction,
      messageType: v.messageType,
      action: v.action ?? null,
      pointer: v.pointer,
      code: v.code,
      message: v.message,
    })),
  };
}

function metricsSummary(c: ReportCase): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const key of Object.keys(c.metrics).sort()) {
    const m = c.metrics[key]!;
    out[key] = { value: m.value, unit: m.unit ?? null, label: m.label ?? null, better: m.better ?? null };
  }
  return out;
}
