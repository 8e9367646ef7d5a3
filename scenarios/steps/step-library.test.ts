import { describe, expect, it } from 'vitest';
import { buildSupportLibrary } from '../support/support-library.js';
import { closestSteps, unknownStepMessage } from '../support/suggest-steps.js';
import { STEP_DOMAINS } from '../support/step-library.js';
import { ALL_STEPS } from './all-steps.js';

const library = buildSupportLibrary();

describe('the step library', () => {
  it('has a step in every domain, and every step has a phrase, a sentence and an example', () => {
    expect(new Set(ALL_STEPS.map((s) => s.domain))).toEqual(new Set(STEP_DOMAINS));
    for (const s of ALL_STEPS) {
      expect(s.doc, s.expression).toMatch(/^[A-Z].*\.$/);
      expect(s.example.length, s.expression).toBeGreaterThan(3);
    }
    expect(new Set(ALL_STEPS.map((s) => s.expression)).size).toBe(ALL_STEPS.length);
  });

  it('registers every step with cucumber', () => {
    expect(library.stepDefinitions.map((d) => d.pattern)).toEqual(ALL_STEPS.map((s) => s.expression));
  });

  it.each(ALL_STEPS.map((s) => [s.example, s.expression]))(
    'the example "%s" matches "%s" and no other step',
    (example, expression) => {
      const matching = library.stepDefinitions
        .filter((d) => d.matchesStepName(example))
        .map((d) => d.pattern);
      expect(matching).toEqual([expression]);
    },
  );

  it.each([
    ['the simulation run for 2 hours', 'the simulation runs for {duration}'],
    ['a site with 60 A main fuse on 3 phases', 'a site with a {current} main fuse on {int} phase(s)'],
    ['the wallet of "Asha" contains 10.00 INR', 'the wallet of {string} holds {money}'],
    ['Jains fairness is at least 0.9', "Jain's fairness index is at least {float}"],
    ['3 cars arrive at 18:00 wanting 20 kWh each', '{int} EV(s) arrive(s) at {time} wanting {energy}( each)'],
  ])('an unknown phrase "%s" suggests "%s" first', (text, expected) => {
    expect(closestSteps(text, ALL_STEPS)[0]?.expression).toBe(expected);
    expect(unknownStepMessage(text, ALL_STEPS)).toContain(`unknown step "${text}"`);
  });
});
