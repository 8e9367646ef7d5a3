import { describe, expect, it } from 'vitest';
import { defaultValidator } from '../../schemas/validator.js';
import { setProfileV16, setProfileV201, wireLimit } from './charging-profiles.js';
import type { ProfileLimit } from './charging-profiles.js';

describe('wireLimit', () => {
  it.each([
    { perPhaseA: 12.3333, unit: 'A' as const, phases: 3 as const, expected: 12.3 },
    { perPhaseA: 6, unit: 'A' as const, phases: 3 as const, expected: 6 },
    { perPhaseA: -1, unit: 'A' as const, phases: 3 as const, expected: 0 },
    { perPhaseA: 31.45, unit: 'A' as const, phases: 3 as const, expected: 31.3 }, // 31.4 fails a float multipleOf check
    { perPhaseA: 12.3333, unit: 'W' as const, phases: 3 as const, expected: 8509 },
    { perPhaseA: 16, unit: 'W' as const, phases: 1 as const, expected: 3680 },
  ])('$perPhaseA A on $phases phases in $unit -> $expected', ({ perPhaseA, unit, phases, expected }) => {
    expect(wireLimit(perPhaseA, phases, unit, 230)).toBe(expected);
  });

  it('never rounds up and never goes more than 0.3 A down', () => {
    for (let i = 0; i <= 6400; i++) {
      const a = i / 100;
      const w = wireLimit(a, 3, 'A', 230);
      expect(w).toBeLessThanOrEqual(a + 1e-12);
      expect(a - w).toBeLessThan(0.4);
    }
  });
});

describe('charging profile payloads are valid against the official schemas', () => {
  const base: ProfileLimit = {
    kind: 'tx',
    profileId: 1001,
    stackLevel: 1,
    evseId: 1,
    perPhaseA: 0,
    phases: 3,
    voltageV: 230,
    rateUnit: 'A',
    transactionId: 1,
    transactionRef: 'T-1',
    timeMs: Date.UTC(2026, 0, 1),
  };
  const validator = defaultValidator();
  it.each(['tx', 'tx-default', 'station-max'] as const)(
    '%s at every limit from 0 to 64 A in 0.01 A steps',
    (kind) => {
      for (let i = 0; i <= 6400; i += 7) {
        const p = { ...base, kind, perPhaseA: i / 100 };
        expect(validator.validate('1.6', 'SetChargingProfile', 'request', setProfileV16(p))).toEqual({
          ok: true,
        });
        expect(validator.validate('2.0.1', 'SetChargingProfile', 'request', setProfileV201(p))).toEqual({
          ok: true,
        });
      }
    },
  );
});
