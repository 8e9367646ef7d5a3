import { describe, expect, it } from 'vitest';
import { isStorableTimeMs } from './storable-time.js';

describe('isStorableTimeMs', () => {
  it.each([
    ['0000-01-01T00:00:00.000Z', false],
    ['0001-01-01T00:00:00.000Z', false],
    ['0099-12-31T23:59:59.999Z', false],
    ['0100-01-01T00:00:00.000Z', true],
    ['1970-01-01T00:00:00.000Z', true],
    ['2026-03-02T10:00:00.000Z', true],
    ['9999-12-31T23:59:59.999Z', true],
  ])('%s -> %s', (iso, storable) => {
    expect(isStorableTimeMs(Date.parse(iso))).toBe(storable);
  });

  it('refuses what is not a time', () => {
    expect(isStorableTimeMs(Number.NaN)).toBe(false);
    expect(isStorableTimeMs(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isStorableTimeMs(Date.parse('9999-12-31T23:59:59.999Z') + 1)).toBe(false);
  });
});
