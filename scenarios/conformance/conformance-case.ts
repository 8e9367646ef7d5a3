import type { OcppVersion } from '../../common/ocpp-version.js';
import type { OperatorAction } from './operator.js';

/** Which side the harness plays: `charger` cases test a charger (the harness is the CSMS); `csms` cases test a CSMS. */
export type CaseSide = 'charger' | 'csms';

/** The suites a case belongs to; `all` on the command line selects every suite. */
export type Suite = 'core' | 'smart-charging' | 'firmware';

/** Every suite, in the order they run. */
export const SUITES: readonly Suite[] = ['core', 'smart-charging', 'firmware'];

/** Values captured during a case (ids from answers and requests), read by later steps. */
export type CaseVars = Record<string, unknown>;

/** A payload given as is, or computed from the captured values when the step runs. */
export type PayloadSource = Record<string, unknown> | ((vars: CaseVars) => Record<string, unknown>);

/**
 * A check on one field value: returns undefined when the value is right, or what is wrong.
 * Build with the helpers of field-pattern.ts (`oneOf`, `present`, `absent`, `fromVar`, …).
 */
export interface FieldMatcher {
  readonly matcher: true;
  /** What the field must be, in words (the report's "expected"). */
  readonly describe: string;
  test(value: unknown, vars: CaseVars): string | undefined;
}

/** Expected fields of a payload: literals compare deeply, matchers test; unnamed fields are free. */
export type FieldPattern = { readonly [field: string]: unknown };

/**
 * Answers a CALL of the peer: a payload, or a function of the request, the captured values, the
 * CALL's number in the case (1 for the first of its action) and the clock time.
 */
export type Answer =
  | Record<string, unknown>
  | ((
      request: Record<string, unknown>,
      vars: CaseVars,
      n: number,
      nowMs: number,
    ) => Record<string, unknown> | AnswerError);

/** Answer a CALL with a CALLERROR. */
export interface AnswerError {
  readonly callError: string;
  readonly description?: string;
}

/** Wait for the peer's next significant CALL and check it. */
export interface ExpectCallStep {
  readonly kind: 'expect-call';
  readonly action: string;
  readonly fields?: FieldPattern;
  /** `var: 'path.in.payload'`: store request values for later steps. */
  readonly capture?: Readonly<Record<string, string>>;
  /** When the next CALL does not match, skip this step instead of failing. */
  readonly optional?: boolean;
  /** Time the spec gives the peer for this message, clock ms; default the run's step timeout. */
  readonly withinMs?: number;
  /** Answer to this CALL (default: the case's answer for the action). */
  readonly answer?: Answer;
}

/** Send a CALL to the peer and check its answer. */
export interface SendCallStep {
  readonly kind: 'send-call';
  readonly action: string;
  readonly payload: PayloadSource;
  /** Expected fields of the CALLRESULT. */
  readonly expect?: FieldPattern;
  /** Expect a CALLERROR with this code instead (both 1.6 spellings compare equal). */
  readonly expectError?: string | readonly string[];
  readonly capture?: Readonly<Record<string, string>>;
  /**
   * A probe: when the CALLRESULT does not match, the case does not apply to this peer (e.g. a
   * start point the charger is not configured for) and ends NOT_APPLICABLE, saying why.
   */
  readonly applicableIf?: { readonly fields: FieldPattern; readonly otherwise: string };
  /** Time the peer has to answer, clock ms (default the run's response timeout). */
  readonly withinMs?: number;
}

/** Send a frame exactly as written (a bad frame) and expect a CALLERROR with one of the codes. */
export interface SendRawStep {
  readonly kind: 'send-raw';
  /** The frame text; `{id}` is replaced with a fresh message id. */
  readonly frame: string;
  readonly expectError: string | readonly string[];
  readonly withinMs?: number;
}

/** Something a person (or the simulator, for a simulated peer) does. */
export interface OperatorStep {
  readonly kind: 'operator';
  readonly action: OperatorAction;
  /** For a `csms-command`: its payload computed from the captured values when the step runs. */
  readonly payloadFrom?: (vars: CaseVars) => Record<string, unknown>;
}

/** Change how the peer's CALLs of one action are answered for the rest of the case. */
export interface AnswerStep {
  readonly kind: 'answer';
  readonly action: string;
  readonly answer: Answer;
}

/** Check that the peer sends no significant CALL of `action` for `forMs`. */
export interface ExpectNoCallStep {
  readonly kind: 'expect-no-call';
  readonly action: string;
  readonly forMs: number;
  readonly fields?: FieldPattern;
}

/** Let clock time pass (answering the peer's CALLs meanwhile). */
export interface WaitStep {
  readonly kind: 'wait';
  readonly ms: number;
}

/** One step of a test case. */
export type CaseStep =
  ExpectCallStep | SendCallStep | SendRawStep | OperatorStep | AnswerStep | ExpectNoCallStep | WaitStep;

/** A conformance test case, named and numbered as the official test tool does. */
export interface ConformanceCase {
  /** e.g. `TC_011_1`, `TC_B_01_CS`, `TC_E_02_CSMS`. */
  readonly id: string;
  readonly title: string;
  /** The spec section or requirement the case checks, e.g. `OCPP 1.6 §5.11, §4.9`. */
  readonly specRef: string;
  readonly version: OcppVersion;
  readonly side: CaseSide;
  readonly suite: Suite;
  /** The block it is grouped under in the report, e.g. `1.6 Core` or `B Provisioning`. */
  readonly block: string;
  /** Where the id is not certain to match the official tool's list, why. */
  readonly numberingNote?: string;
  /** What must hold before the case starts, in words. */
  readonly preconditions?: readonly string[];
  /** 1.6 feature profile the peer must list in SupportedFeatureProfiles (else NOT_APPLICABLE). */
  readonly requiresFeature?: string;
  /** Answers to the peer's CALLs for this case, by action (over the defaults). */
  readonly answers?: Readonly<Record<string, Answer>>;
  /** Actions treated as background noise for this case, besides the defaults (Heartbeat, MeterValues, …). */
  readonly ignore?: readonly string[];
  /** Actions that are not noise in this case although they are by default. */
  readonly watch?: readonly string[];
  readonly steps: readonly CaseStep[];
}
