import {
  After,
  Before,
  defineParameterType,
  Given,
  setDefaultTimeout,
  setWorldConstructor,
  supportCodeLibraryBuilder,
  Then,
  When,
} from '@cucumber/cucumber';
import { ALL_STEPS } from '../steps/all-steps.js';
import { PARAMETER_TYPES, ParameterError } from './parameter-types.js';
import { runContext, ScenarioInputError } from './run-context.js';
import type { StepSpec } from './step-library.js';
import { ScenarioWorld } from './world.js';

/** A support code library as cucumber's runCucumber takes it. */
export type SupportCodeLibrary = ReturnType<typeof supportCodeLibraryBuilder.finalize>;

/** Longest a step may take, wall ms: a day of virtual time takes seconds, real time against an external CSMS may take hours. */
export const STEP_TIMEOUT_MS = 24 * 3_600_000;

function asInputError(err: unknown): ScenarioInputError | undefined {
  if (err instanceof ScenarioInputError) return err;
  if (err instanceof ParameterError) return new ScenarioInputError(err.message);
  return undefined;
}

function register(spec: StepSpec): void {
  const define = { Given, When, Then }[spec.keyword];
  // cucumber passes the World as `this` and the parameters as arguments (their count sets the arity)
  const body = async function (this: ScenarioWorld, ...args: unknown[]): Promise<'pending' | undefined> {
    try {
      const outcome = await spec.run(this, ...(args as never[]));
      return outcome === 'pending' ? 'pending' : undefined;
    } catch (err) {
      const input = asInputError(err);
      if (input !== undefined) {
        this.inputError(input);
        throw input;
      }
      throw err;
    }
  };
  const arity = (spec.expression.match(/\{[a-z]+\}/g) ?? []).length;
  Object.defineProperty(body, 'length', { value: arity });
  define(spec.expression, body);
}

/**
 * Builds the step library as a cucumber support code library, directly from the step modules
 * this module imports, so the same code serves the sources (tsx, vitest) and the build (dist/)
 * with no loader and no file globbing. Each call gives a fresh library.
 */
export function buildSupportLibrary(cwd: string = process.cwd()): SupportCodeLibrary {
  let n = 0;
  supportCodeLibraryBuilder.reset(cwd, () => `support-${++n}`, {
    requireModules: [],
    requirePaths: [],
    importPaths: [],
    loaders: [],
  });
  setWorldConstructor(ScenarioWorld);
  setDefaultTimeout(STEP_TIMEOUT_MS);
  for (const p of Object.values(PARAMETER_TYPES)) {
    defineParameterType({
      name: p.name,
      regexp: p.regexp,
      useForSnippets: false,
      transformer: (text: string): unknown => {
        try {
          return p.parse(text);
        } catch (err) {
          const input = asInputError(err);
          if (input !== undefined) runContext().inputError(undefined, input);
          throw err;
        }
      },
    });
  }
  for (const spec of ALL_STEPS) register(spec);
  Before(function (this: ScenarioWorld, { pickle }) {
    this.begin(pickle.id, pickle.uri);
  });
  After(async function (this: ScenarioWorld) {
    await this.end();
  });
  return supportCodeLibraryBuilder.finalize();
}
