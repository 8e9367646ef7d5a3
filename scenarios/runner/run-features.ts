import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { loadConfiguration, loadSources, runCucumber } from '@cucumber/cucumber/api';
import type { RunCollector } from '../../reports/collector.js';
import { buildSupportLibrary } from '../support/support-library.js';
import { setRunContext } from '../support/run-context.js';
import type { ScenarioInputError } from '../support/run-context.js';
import { EnvelopeTracker } from './envelope-tracker.js';
import type { ScenarioOutcome, SourceProblem } from './envelope-tracker.js';

/** The seed of a run that does not name one. */
export const DEFAULT_SEED = 20_260_302;

/** What to run. */
export interface RunFeaturesOptions {
  /** Feature files or folders (searched for `*.feature`). */
  readonly paths: readonly string[];
  /** A tag expression, e.g. `@billing and not @slow`. */
  readonly tags?: string;
  readonly seed: string | number;
  /** Every scenario targets this external CSMS in real time. */
  readonly csmsUrl?: string;
  /** Replaces every scenario's load balancing strategy (`compare`). */
  readonly strategyOverride?: string;
  /** Prefixed to every case id (`compare` runs the same scenarios once per strategy). */
  readonly caseIdPrefix?: string;
  /** Where the cases go. */
  readonly collector: RunCollector;
  /** Told how many scenarios will run, before the first starts. */
  readonly onPlanned?: (scenarios: number) => void;
  /** Told when a scenario starts and ends (progress, terminal output). */
  readonly onScenarioStarted?: (name: string) => void;
  readonly onScenarioFinished?: (outcome: ScenarioOutcome) => void;
  /** Wall clock for the printed timings; default `performance.now`. */
  readonly wallNow?: () => number;
}

/** How a run went. */
export interface RunFeaturesResult {
  readonly outcomes: readonly ScenarioOutcome[];
  /** Feature files that could not be read or parsed, and bad step inputs (exit 2). */
  readonly inputProblems: readonly SourceProblem[];
  /** Scenarios that ran (after the tag filter). */
  readonly scenarioCount: number;
}

/** A usage problem found before any scenario ran: a missing path, a bad tag expression. */
export class FeatureUsageError extends Error {
  override readonly name = 'FeatureUsageError';
}

const sink = (): Writable =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

/**
 * Runs Gherkin features with cucumber's programmatic API and the step library, one fresh World
 * (in-process CSMS, fleet, virtual clock) per scenario, collecting every case into `collector`.
 * Scenarios run one after another in this process.
 * @throws FeatureUsageError for a missing path or a bad tag expression
 */
export async function runFeatures(options: RunFeaturesOptions): Promise<RunFeaturesResult> {
  for (const p of options.paths) {
    // `file.feature:12` (or `:12:30`) runs the scenarios at those lines
    const path = p.replace(/(\.feature)(?::\d+)+$/, '$1');
    if (!existsSync(path)) throw new FeatureUsageError(`no feature file or folder "${path}": check the path`);
  }
  const wallNow = options.wallNow ?? (() => performance.now());
  const inputErrors = new Map<string, string>();
  const simulated = new Map<string, number>();
  let current: string | undefined;
  const tracker = new EnvelopeTracker(options.collector, {
    ...(options.caseIdPrefix === undefined ? {} : { caseIdPrefix: options.caseIdPrefix }),
    inputErrorOf: (id) => inputErrors.get(id),
    simulatedMsOf: (id) => simulated.get(id) ?? 0,
    wallNow,
    onScenarioStarted: options.onScenarioStarted,
    onScenarioFinished: options.onScenarioFinished,
  });
  const environment = { cwd: process.cwd(), stdout: sink(), stderr: sink(), env: process.env };
  let configuration: Awaited<ReturnType<typeof loadConfiguration>>;
  try {
    configuration = await loadConfiguration(
      {
        file: false,
        provided: {
          paths: [...options.paths],
          ...(options.tags === undefined ? {} : { tags: options.tags }),
          format: [],
          strict: true,
        },
      },
      environment,
    );
  } catch (err) {
    throw new FeatureUsageError(
      `cannot read the features: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  setRunContext({
    seed: options.seed,
    csmsUrl: options.csmsUrl,
    strategyOverride: options.strategyOverride,
    caseFor: (pickleId) => {
      current = pickleId;
      return tracker.caseFor(pickleId);
    },
    inputError: (pickleId: string | undefined, error: ScenarioInputError) => {
      const id = pickleId ?? current;
      if (id !== undefined && !inputErrors.has(id)) inputErrors.set(id, error.message);
    },
    simulated: (pickleId, ms) => simulated.set(pickleId, ms),
  });
  try {
    const runConfiguration = configuration.runConfiguration;
    if (options.onPlanned !== undefined) {
      const planned = await loadSources(runConfiguration.sources, environment);
      options.onPlanned(planned.plan.length);
    }
    await runCucumber(
      {
        ...runConfiguration,
        support: buildSupportLibrary(environment.cwd),
        formats: { stdout: 'summary', files: {}, publish: false, options: {} },
        runtime: { ...runConfiguration.runtime, parallel: 0, retry: 0 },
      },
      environment,
      (envelope) => tracker.onMessage(envelope),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/tag/i.test(message)) throw new FeatureUsageError(`--tags: ${message}`);
    throw err;
  } finally {
    setRunContext(undefined);
  }
  const inputProblems: SourceProblem[] = [...tracker.sourceProblems];
  for (const o of tracker.outcomes) {
    if (o.inputError !== undefined) {
      const where = o.failure?.location ?? o.location;
      const stepText = o.failure?.message.split(': ')[0];
      inputProblems.push({
        location: where,
        message: `${stepText === undefined ? '' : `${stepText}: `}${o.inputError}`,
      });
    }
  }
  return { outcomes: tracker.outcomes, inputProblems, scenarioCount: tracker.outcomes.length };
}
