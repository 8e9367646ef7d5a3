import type { TimeOfDay } from '../support/parameter-types.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

/** The longest a scenario may run in one step, ms (a year). */
const MAX_RUN_MS = 366 * 86_400_000;

/** Steps about the scenario's clock and seed. */
export const TIME_STEPS: readonly StepSpec[] = [
  step<[TimeOfDay]>(
    'Given',
    'time',
    'the simulation starts at {time} site time',
    'The scenario starts at this time of its day (2026-03-02, a Monday) in the site time zone; default 00:00.',
    'the simulation starts at 06:00 site time',
    (w, time) => {
      w.planning('the simulation starts at').start = time;
    },
  ),
  step<[number]>(
    'Given',
    'time',
    'the seed is {int}',
    'Seeds this scenario (car types, PV clouds, home load, identities) instead of the run seed.',
    'the seed is 42',
    (w, seed) => {
      w.planning('the seed is').seed = seed;
    },
  ),
  step<[number]>(
    'When',
    'time',
    'the simulation runs for {duration}',
    'Lets time pass: in virtual time against the in-process CSMS (a day in seconds), in real time against an external one.',
    'the simulation runs for 2h',
    async (w, durationMs) => {
      if (!(durationMs > 0 && durationMs <= MAX_RUN_MS)) {
        throw new ScenarioInputError(`run for more than 0 and at most 366 days, not ${durationMs} ms`);
      }
      await (await w.sim()).runFor(durationMs);
    },
  ),
  step<[TimeOfDay]>(
    'When',
    'time',
    'the simulation runs until {time}',
    'Lets time pass until the site clock next shows this time.',
    'the simulation runs until 23:59',
    async (w, time) => {
      const sim = await w.sim();
      await sim.runUntil(sim.nextLocalTime(time.minutes));
    },
  ),
];
