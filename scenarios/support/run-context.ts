import type { CaseCollector } from '../../reports/case-collector.js';
import type { FrameRecord } from '../../common/rpc-types.js';

/** Where a scenario input (a feature or site file, a step argument) is wrong. */
export class ScenarioInputError extends Error {
  override readonly name = 'ScenarioInputError';
}

/** What the runner gives each scenario's World. */
export interface ScenarioRunContext {
  /** The run seed (a scenario's `the seed is` step overrides it for that scenario). */
  readonly seed: string | number;
  /** URL of an external CSMS every scenario targets (`--csms`), else undefined. */
  readonly csmsUrl: string | undefined;
  /** Replaces the load balancing strategy of every scenario (`compare`). */
  readonly strategyOverride: string | undefined;
  /** The report case of a running pickle (by pickle id), created when the test case started. */
  caseFor(pickleId: string): CaseCollector;
  /** Records a wrong input (of the scenario running now when `pickleId` is undefined): the run exits 2. */
  inputError(pickleId: string | undefined, error: ScenarioInputError): void;
  /** Tells how much clock time a scenario simulated, ms. */
  simulated(pickleId: string, durationMs: number): void;
  /** Sees every frame of a scenario's stations (kept for the step checks). */
  readonly onFrame?: (pickleId: string, record: FrameRecord) => void;
}

const KEY = Symbol.for('ocpp-harness.scenario-run-context');

type Holder = { [KEY]?: ScenarioRunContext };

/**
 * Sets the context for the scenarios about to run. It lives on `globalThis` so that a World
 * reaches it even when cucumber and the runner were loaded as separate module instances.
 */
export function setRunContext(context: ScenarioRunContext | undefined): void {
  (globalThis as Holder)[KEY] = context;
}

/** The context of the current run. @throws when no run is in progress */
export function runContext(): ScenarioRunContext {
  const c = (globalThis as Holder)[KEY];
  if (c === undefined) {
    throw new Error('no scenario run in progress: run features with runFeatures() or `ocpp-harness run`');
  }
  return c;
}
