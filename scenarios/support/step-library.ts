import type { ScenarioWorld } from './world.js';

/** The keyword a step is defined under (And/But take the keyword before them). */
export type StepKeyword = 'Given' | 'When' | 'Then';

/** The domains the step library is grouped by, in the order the step list shows them. */
export const STEP_DOMAINS = [
  'site',
  'stations',
  'evs',
  'time',
  'load balancing',
  'billing',
  'firmware',
  'frames',
] as const;

/** One of {@link STEP_DOMAINS}. */
export type StepDomain = (typeof STEP_DOMAINS)[number];

/** What a step body may return: nothing, or `pending` for a step that cannot run yet. */
export type StepOutcome = void | 'pending';

/** A step definition as data: its phrase, what it does, an example, and its body. */
export interface StepSpec {
  readonly keyword: StepKeyword;
  readonly domain: StepDomain;
  /** A cucumber expression, e.g. `the simulation runs for {duration}`. */
  readonly expression: string;
  /** One sentence on what the step does. */
  readonly doc: string;
  /** A step text it matches (checked by the tests), e.g. `the simulation runs for 2h`. */
  readonly example: string;
  readonly run: (world: ScenarioWorld, ...args: never[]) => StepOutcome | Promise<StepOutcome>;
}

/**
 * Declares a step. The argument types follow the expression's parameters in order (`{int}` is a
 * number, `{string}` a string, `{duration}` milliseconds, see parameter-types.ts).
 */
export function step<A extends unknown[]>(
  keyword: StepKeyword,
  domain: StepDomain,
  expression: string,
  doc: string,
  example: string,
  run: (world: ScenarioWorld, ...args: A) => StepOutcome | Promise<StepOutcome>,
): StepSpec {
  return { keyword, domain, expression, doc, example, run: run as unknown as StepSpec['run'] };
}
