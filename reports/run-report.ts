import type { FrameDirection, FrameRecord } from '../common/rpc-types.js';
import type { Phase } from '../common/units.js';

/**
 * The typed model of one run of a command (`run`, `compare`, `certify`, `simulate`): what the
 * writers turn into `index.html`, `summary.json`, `junit.xml` and `frames.jsonl`. Everything here
 * is plain data; the same model always gives the same files, byte for byte.
 */
export interface RunReport {
  /** The command that produced the run, e.g. `run` or `compare`. */
  readonly command: string;
  /** A human title for the report page; defaults to `ocpp-harness <command>`. */
  readonly title?: string;
  /** The run's seed. */
  readonly seed: string | number;
  /** When the run started and ended, epoch ms (the run's clock, as the runner chose it). */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** Scenarios or conformance test cases, in the order they ran. */
  readonly cases: readonly ReportCase[];
  /** Every frame of the run, in the order recorded; line `n` of frames.jsonl is `frames[n - 1]`. */
  readonly frames: readonly FrameRecord[];
  /** Present for `compare`: strategies side by side. */
  readonly comparison?: Comparison;
}

/** A case's outcome. NOT_APPLICABLE is a conformance case that does not apply to the station. */
export type CaseVerdict = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'ERROR';

/** Every verdict, worst first (the overview's sort order). */
export const VERDICTS_WORST_FIRST: readonly CaseVerdict[] = ['ERROR', 'FAIL', 'PASS', 'NOT_APPLICABLE'];

/** Why a case failed: what was expected against what was received. */
export interface CaseFailure {
  /** One line that says what went wrong. */
  readonly message: string;
  readonly expected?: string;
  readonly received?: string;
  /** Where: a feature file and line, a step, or a stack trace. */
  readonly location?: string;
  readonly stack?: string;
}

/** Outcome of one Gherkin step (or one conformance check). */
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'undefined' | 'ambiguous';

/** One step of a case. */
export interface StepResult {
  /** `Given`, `When`, `Then`, `And`, `But`, or `*`. */
  readonly keyword: string;
  readonly text: string;
  readonly status: StepStatus;
  readonly durationMs: number;
  /** The error of a failed, undefined or ambiguous step. */
  readonly message?: string;
}

/** A scenario or a conformance test case. */
export interface ReportCase {
  /** Stable id, unique in the run (e.g. `home-site/equal-share` or `TC_B_01_CS`). */
  readonly id: string;
  readonly name: string;
  /** The feature, conformance block or site the case belongs to (JUnit's testsuite). */
  readonly group: string;
  readonly tags: readonly string[];
  readonly verdict: CaseVerdict;
  readonly failure?: CaseFailure;
  /** Wall time the case took to run, ms. */
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  /** IANA time zone the charts show time in (the site's); UTC when absent. */
  readonly timeZone?: string;
  readonly series: CaseSeries;
  /** Metrics by stable key (e.g. `fuse.maxOvershootA`); documented in reports/README.md. */
  readonly metrics: Readonly<Record<string, Metric>>;
  readonly billing: readonly BillingRow[];
  readonly firmware: readonly FirmwareEvent[];
  readonly frameCounts: readonly FrameCount[];
  readonly violations: readonly FrameViolationRow[];
}

/** One number (or yes/no, or word) that says how a case went. */
export interface Metric {
  readonly value: number | string | boolean | null;
  /** Unit of a numeric value, e.g. `A`, `kWh`, `%`, `s`. */
  readonly unit?: string;
  /** Human label; defaults to the key. */
  readonly label?: string;
  /** Which way is better, for comparisons. */
  readonly better?: 'higher' | 'lower';
  /** Shown in the overview when true. */
  readonly key?: boolean;
}

/** A time series, already downsampled for drawing. `values[i]` null is a gap. */
export interface Series {
  readonly name: string;
  readonly unit: string;
  readonly timesMs: readonly number[];
  readonly values: readonly (number | null)[];
  /** `hv` for values that hold until the next change (limits, allocations). */
  readonly shape?: 'linear' | 'hv';
}

/** The data a case's charts draw. Empty arrays mean nothing was recorded. */
export interface CaseSeries {
  /** PV, home, chargers, grid import (+) / export (-), in W. */
  readonly powerFlow: readonly Series[];
  /** Current per phase of every circuit against its limit. */
  readonly circuits: readonly CircuitSeries[];
  /** Power allocated per charger, W (stacked), on shared times. */
  readonly allocations: readonly Series[];
  /** Jain's fairness index over time (0..1]. */
  readonly fairness: readonly Series[];
  /** State of charge per EV, %. */
  readonly soc: readonly Series[];
}

/** A circuit (the main fuse or a sub-panel): per-phase current magnitude against its limit. */
export interface CircuitSeries {
  readonly circuitId: string;
  readonly name: string;
  /** One series per phase, amperes (magnitude, import or export). */
  readonly phases: readonly PhaseSeries[];
  /** The limit per phase over time, amperes. */
  readonly limitPerPhaseA: Series;
  /** Every stretch over the limit, found at full resolution before downsampling. */
  readonly overshoots: readonly Overshoot[];
}

/** A phase's current series. */
export interface PhaseSeries extends Series {
  readonly phase: Phase;
}

/** A stretch of time during which one phase of a circuit was over its limit. */
export interface Overshoot {
  readonly phase: Phase;
  readonly startMs: number;
  /** The first sample back within the limit, or the last sample of the run. */
  readonly endMs: number;
  readonly peakA: number;
  readonly peakAtMs: number;
  readonly limitA: number;
}

/** An amount of money: integer minor units (paise, cents) and an ISO 4217 currency. */
export interface MoneyAmount {
  readonly minorUnits: number;
  readonly currency: string;
}

/** One billed (or refused) charging session. */
export interface BillingRow {
  readonly sessionId: string;
  readonly chargerId: string;
  readonly user?: string;
  readonly startedAtMs: number;
  readonly endedAtMs?: number;
  readonly energyWh: number;
  readonly amount: MoneyAmount;
  /** e.g. `billed`, `refused: insufficient balance`, `open`. */
  readonly status: string;
  /** The user's wallet after the session, when known. */
  readonly walletAfter?: MoneyAmount;
}

/** One firmware status change of one charger. */
export interface FirmwareEvent {
  readonly timeMs: number;
  readonly chargerId: string;
  /** OCPP status, e.g. `Downloading`, `Installed`, `InstallationFailed`. */
  readonly status: string;
  readonly version?: string;
  readonly detail?: string;
}

/** Frames of one action in one direction, counted by message type. */
export interface FrameCount {
  /** The action, or `(unknown)` for frames whose action is not known. */
  readonly action: string;
  readonly direction: FrameDirection;
  readonly calls: number;
  readonly results: number;
  readonly errors: number;
  /** Frames that were not well-formed OCPP-J. */
  readonly malformed: number;
  /** Frames whose payload failed schema validation. */
  readonly invalid: number;
}

/** One schema violation of one frame, with where to find the frame. */
export interface FrameViolationRow {
  /** 1-based line of the frame in frames.jsonl. */
  readonly frameLine: number;
  readonly timeMs: number;
  readonly stationId: string;
  readonly direction: FrameDirection;
  readonly action?: string;
  readonly messageType: FrameRecord['messageType'];
  /** JSON pointer into the payload. */
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
}

/** `compare`: the same site under several strategies, each run as one case. */
export interface Comparison {
  /** What was compared, e.g. the site file. */
  readonly title: string;
  /** The strategies in column order, each naming the case that ran it. */
  readonly strategies: readonly { readonly name: string; readonly caseId: string }[];
  /** The circuit whose per-phase currents are overlaid; `main` when absent. */
  readonly circuitId?: string;
}

/** The overall verdict of a run: FAIL when any case failed or erred, else PASS. */
export function overallVerdict(cases: readonly ReportCase[]): 'PASS' | 'FAIL' {
  return cases.some((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR') ? 'FAIL' : 'PASS';
}

/** Counts of cases by verdict. */
export interface VerdictTotals {
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly notApplicable: number;
}

/** Counts the cases of a run by verdict. */
export function verdictTotals(cases: readonly ReportCase[]): VerdictTotals {
  const count = (v: CaseVerdict): number => cases.filter((c) => c.verdict === v).length;
  return {
    cases: cases.length,
    passed: count('PASS'),
    failed: count('FAIL'),
    errors: count('ERROR'),
    notApplicable: count('NOT_APPLICABLE'),
  };
}

/** The cases, worst verdict first, keeping run order within a verdict. */
export function casesWorstFirst(cases: readonly ReportCase[]): ReportCase[] {
  return cases
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        VERDICTS_WORST_FIRST.indexOf(a.c.verdict) - VERDICTS_WORST_FIRST.indexOf(b.c.verdict) || a.i - b.i,
    )
    .map(({ c }) => c);
}
