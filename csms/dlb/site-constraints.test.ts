import { describe, expect, it } from 'vitest';
import { aSession, anInput, someMeasurements } from './dlb-test-builders.js';
import { siteConstraints } from './site-constraints.js';

const limits = (cs: readonly { id: string; limit: number }[]): Record<string, number> =>
  Object.fromEntries(cs.map((c) => [c.id, Math.round(c.limit * 1000) / 1000]));

describe('siteConstraints', () => {
  const sessions = ['CP1', 'CP2'].map((c) => aSession(c));

  it('60 A main, 5 % margin: 57 A per phase less the home load, 57 x 230 x 3 W of power headroom', () => {
    const input = anInput({ sessions, measurements: someMeasurements(20) });
    expect(limits(siteConstraints(input, sessions))).toEqual({
      'circuit:main:L1': 37,
      'circuit:main:L2': 37,
      'circuit:main:L3': 37,
    });
  });

  it('the plain constraints of one cycle are built once; new measurements, settings or options build them anew', () => {
    const input = anInput({ sessions, measurements: someMeasurements(20) });
    const first = siteConstraints(input, sessions);
    // The strategy and Anti Overload of one cycle ask with the same objects.
    expect(siteConstraints({ ...input }, sessions)).toBe(first);
    // A budget factor or an uncontrolled session is never served from the plain list.
    expect(limits(siteConstraints(input, sessions, { budgetFactor: 0.5 }))['circuit:main:L1']).toBe(18.5);
    const fixed = siteConstraints(input, sessions, { fixedA: new Map([[0, 10]]) });
    expect(limits(fixed)['circuit:main:L1']).toBe(27);
    expect(siteConstraints(input, sessions)).toBe(first);
    // The next cycle measures again: the home load now leaves 27 A.
    const later = siteConstraints({ ...input, measurements: someMeasurements(30) }, sessions);
    expect(limits(later)['circuit:main:L1']).toBe(27);
    const margin = siteConstraints(
      anInput({ sessions, measurements: input.measurements, settings: { safetyMargin: 0.1 } }),
      sessions,
    );
    expect(limits(margin)['circuit:main:L1']).toBe(34);
    // Another list of the same sessions (another cycle) is built anew, with the same result.
    const again = siteConstraints(input, [...sessions]);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(siteConstraints(input, sessions)).not.toBe(first); // measured anew since: rebuilt
    expect(siteConstraints(input, sessions)).toEqual(first);
  });
});
