import { describe, expect, it } from 'vitest';
import { energyFromRegisterWh } from './energy.js';

describe('energyFromRegisterWh', () => {
  it.each([
    ['a register reset for each session', [0, 4000, 9000, 12000], 12000],
    ['a cumulative register', [1_250_000, 1_254_000, 1_262_000], 12000],
    ['a register reset mid-session (reboot)', [50_000, 52_000, 300, 1300], 3300],
    ['start and stop only', [100, 600], 500],
    ['a single reading', [1234], 0],
    ['fractional watt-hours from kWh', [12.3456, 13.3456], 1],
  ])('%s', (_name, readings, expected) => {
    expect(energyFromRegisterWh(readings)).toBe(expected);
  });

  it('is undefined without readings', () => {
    expect(energyFromRegisterWh([])).toBeUndefined();
  });
});
