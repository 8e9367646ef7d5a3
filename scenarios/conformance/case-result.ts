import type { CaseFailure, StepResult } from '../../reports/run-report.js';
import type { ConformanceCase } from './conformance-case.js';

/** Verdict of one conformance test case. */
export type ConformanceVerdict = 'PASS' | 'FAIL' | 'NOT_APPLICABLE';

/** What running one case gave. */
export interface CaseResult {
  readonly testCase: ConformanceCase;
  readonly verdict: ConformanceVerdict;
  /** FAIL: the first deviation (expected vs received, spec reference in `location`). */
  readonly failure?: CaseFailure;
  /** NOT_APPLICABLE: why. */
  readonly reason?: string;
  readonly steps: readonly StepResult[];
  /** Clock time the case started and ended, epoch ms. */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** Index range of the session's frames recorded during the case. */
  readonly frameRange: readonly [number, number];
}

/** A deviation found by a step: ends the case with FAIL. */
export class Deviation extends Error {
  override readonly name = 'Deviation';
  constructor(
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
  }
}

/** A probe found that the case does not apply to the peer: ends the case NOT_APPLICABLE. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}
