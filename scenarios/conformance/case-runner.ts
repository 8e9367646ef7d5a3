import type { StepResult } from '../../reports/run-report.js';
import type { ConformanceCase } from './conformance-case.js';
import { Deviation, NotApplicable, type CaseResult } from './case-result.js';
import { describeStep } from './describe-step.js';
import { instructionFor, type Operator } from './operator.js';
import type { PeerSession } from './peer-session.js';
import { DEFAULT_TIMEOUTS, StepRunner, type RunnerTimeouts } from './step-runner.js';

export { DEFAULT_TIMEOUTS, type RunnerTimeouts } from './step-runner.js';

/** What the runner needs besides the case. */
export interface CaseRunnerContext {
  readonly session: PeerSession;
  readonly operator: Operator;
  readonly timeouts?: Partial<RunnerTimeouts>;
  /** 1.6 feature profiles the peer lists (SupportedFeatureProfiles); undefined when unknown. */
  readonly features?: ReadonlySet<string>;
}

/**
 * Runs one case against the peer in `ctx.session`: steps in order, every frame of the peer
 * checked against the schemas, and the first deviation ends the case with FAIL.
 */
export async function runCase(testCase: ConformanceCase, ctx: CaseRunnerContext): Promise<CaseResult> {
  const { session } = ctx;
  const clock = session.wait.clock;
  const startedAtMs = clock.now();
  const frameStart = session.frames.length;
  const base = { testCase, startedAtMs };
  const notApplicable = applicability(testCase, ctx);
  if (notApplicable !== undefined) {
    return {
      ...base,
      verdict: 'NOT_APPLICABLE',
      reason: notApplicable,
      steps: [],
      endedAtMs: startedAtMs,
      frameRange: [frameStart, frameStart],
    };
  }
  session.beginCase(testCase.answers);
  const run = new StepRunner(testCase, ctx, { ...DEFAULT_TIMEOUTS, ...ctx.timeouts });
  const steps: StepResult[] = [];
  let failure: CaseResult['failure'];
  let reason: string | undefined;
  for (const step of testCase.steps) {
    const text = describeStep(step, session.stationId);
    const t0 = clock.now();
    if (failure !== undefined || reason !== undefined) {
      steps.push({ keyword: '*', text, status: 'skipped', durationMs: 0 });
      continue;
    }
    try {
      const status = await run.step(step);
      run.checkSchemas();
      steps.push({ keyword: '*', text, status, durationMs: clock.now() - t0 });
    } catch (error) {
      if (error instanceof NotApplicable) {
        reason = error.message;
        steps.push({ keyword: '*', text, status: 'skipped', durationMs: clock.now() - t0, message: reason });
        continue;
      }
      const d = schemaDeviation(run) ?? asDeviation(error);
      failure = {
        message: `${d.message} (${testCase.specRef})`,
        ...(d.expected === undefined ? {} : { expected: d.expected }),
        ...(d.received === undefined ? {} : { received: d.received }),
        location: testCase.specRef,
      };
      steps.push({ keyword: '*', text, status: 'failed', durationMs: clock.now() - t0, message: d.message });
    }
  }
  return {
    ...base,
    verdict: failure !== undefined ? 'FAIL' : reason !== undefined ? 'NOT_APPLICABLE' : 'PASS',
    ...(failure === undefined ? {} : { failure }),
    ...(reason === undefined || failure !== undefined ? {} : { reason }),
    steps,
    endedAtMs: clock.now(),
    frameRange: [frameStart, session.frames.length],
  };
}

function applicability(testCase: ConformanceCase, ctx: CaseRunnerContext): string | undefined {
  if (testCase.version !== ctx.session.version) return `the case is for OCPP ${testCase.version}`;
  const feature = testCase.requiresFeature;
  if (feature !== undefined && ctx.features !== undefined && !ctx.features.has(feature)) {
    return `the charger does not list ${feature} in SupportedFeatureProfiles`;
  }
  for (const step of testCase.steps) {
    if (step.kind === 'operator' && !ctx.operator.can(step.action.kind)) {
      const what =
        step.action.kind === 'csms-command'
          ? `nobody can make the CSMS send ${step.action.action} here`
          : `the step "${instructionFor(step.action, ctx.session.stationId)}" cannot be performed here`;
      return what;
    }
  }
  return undefined;
}

/** A schema violation among the frames of the failed step is the more basic deviation: it is reported first. */
function schemaDeviation(run: StepRunner): Deviation | undefined {
  try {
    run.checkSchemas();
    return undefined;
  } catch (error) {
    return error instanceof Deviation ? error : undefined;
  }
}

function asDeviation(error: unknown): Deviation {
  if (error instanceof Deviation) return error;
  return new Deviation(`the case could not go on: ${error instanceof Error ? error.message : String(error)}`);
}
