import addFormatsModule from 'ajv-formats';
import type { FormatDefinition } from 'ajv';
import { describe, expect, it } from 'vitest';
import { Rng } from '../common/rng.js';
import { isRfc3339DateTime } from './date-time-format.js';
import { createValidator } from './validator.js';

const ajvFormats = addFormatsModule.default.get('date-time', 'full') as FormatDefinition<string>;
const reference = ajvFormats.validate as (text: string) => boolean;

/** [text, accepted] — the verdicts ajv-formats' full-mode date-time gives. */
const CASES: readonly [string, boolean][] = [
  ['2026-03-01T10:15:00.000Z', true],
  ['2026-03-01T10:15:00Z', true],
  ['2026-03-01T10:15:00.1Z', true],
  ['2026-03-01T10:15:00.123456789012Z', true],
  ['2026-03-01t10:15:00z', true],
  ['2026-03-01 10:15:00Z', true],
  ['2026-03-01T10:15:00.Z', false],
  ['2026-03-01T10:15:00,5Z', false],
  ['2026-03-01T10:15:00', false],
  ['2026-03-01T10:15:00.000', false],
  ['2026-03-01T10:15Z', false],
  ['2026-03-01', false],
  ['', false],
  ['2026-03-01T10:15:00+05:30', true],
  ['2026-03-01T10:15:00.5+05:30', true],
  ['2026-03-01T10:15:00-00:00', true],
  ['2026-03-01T10:15:00+0530', true],
  ['2026-03-01T10:15:00+05', true],
  ['2026-03-01T10:15:00+24:00', false],
  ['2026-03-01T10:15:00+05:60', false],
  ['2024-02-29T00:00:00Z', true],
  ['2000-02-29T00:00:00Z', true],
  ['1900-02-29T00:00:00Z', false],
  ['2026-02-29T00:00:00Z', false],
  ['2024-02-30T00:00:00Z', false],
  ['2026-04-31T00:00:00Z', false],
  ['2026-12-31T23:59:59.999Z', true],
  ['2026-00-10T00:00:00Z', false],
  ['2026-13-10T00:00:00Z', false],
  ['2026-01-00T00:00:00Z', false],
  ['2026-01-32T00:00:00Z', false],
  ['2026-03-01T24:00:00Z', false],
  ['2026-03-01T23:60:00Z', false],
  ['2026-03-01T12:00:60Z', false],
  ['2026-12-31T23:59:60Z', true],
  ['2026-12-31T23:59:60.5Z', true],
  ['2026-12-31T23:59:61Z', false],
  ['2026-12-31T18:29:60-05:30', true],
  ['2026-03-01T12:00:59.99999999999999999Z', false],
  ['2026-03-01T23:59:59.99999999999999999Z', true],
  ['2026-03-01T12:00:58.99999999999999999Z', true],
  ['2026-3-01T10:15:00Z', false],
  ['02026-03-01T10:15:00Z', false],
  ['2026-03-01T10:15:00ZZ', false],
  ['2026-03-01TT10:15:00Z', false],
  [' 2026-03-01T10:15:00Z', false],
  ['2026-03-01T10:15:00Z ', false],
  ['2026-03-01T10:15:00Z\n', false],
  ['2026-03-01X10:15:00Z', false],
  ['2026/03/01T10:15:00Z', false],
  ['2026-03-01T10-15-00Z', false],
  ['２０２６-03-01T10:15:00Z', false],
  ['2026-03-01T1a:15:00Z', false],
  ['0000-02-29T00:00:00Z', true],
  ['9999-12-31T23:59:59Z', true],
];

describe('date-time format', () => {
  it.each(CASES)('%j accepted: %s (as ajv-formats decides)', (text, accepted) => {
    expect(reference(text)).toBe(accepted);
    expect(isRfc3339DateTime(text)).toBe(accepted);
  });

  it('agrees with ajv-formats on 20,000 seeded mutations of valid time stamps', () => {
    const rng = new Rng('date-time-format');
    const alphabet = '0123456789-:.+TtZz \u00a0x9';
    const disagreements: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const ms = rng.int(0, 4_102_444_800_000); // 1970 … 2100
      let text = new Date(ms).toISOString();
      if (rng.chance(0.3)) text = text.replace(/\.\d+/, rng.chance(0.5) ? '' : `.${rng.int(0, 999_999)}`);
      for (let edits = rng.int(0, 3); edits > 0; edits--) {
        const at = rng.int(0, text.length - 1);
        const what = rng.int(0, 2);
        const ch = rng.pick([...alphabet]);
        if (what === 0) text = text.slice(0, at) + ch + text.slice(at + 1);
        else if (what === 1) text = text.slice(0, at) + ch + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1);
      }
      if (isRfc3339DateTime(text) !== reference(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });

  it('is the date-time check the validator uses: a bad date is a format violation', () => {
    const validator = createValidator();
    const status = { connectorId: 1, errorCode: 'NoError', status: 'Available' };
    expect(
      validator.validate('1.6', 'StatusNotification', 'request', {
        ...status,
        timestamp: '2026-02-29T00:00:00Z',
      }).ok,
    ).toBe(false);
    expect(
      validator.validate('1.6', 'StatusNotification', 'request', {
        ...status,
        timestamp: '2024-02-29T00:00:00Z',
      }).ok,
    ).toBe(true);
  });
});
