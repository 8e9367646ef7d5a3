import { describe, expect, it } from 'vitest';
import type { FieldPattern } from './conformance-case.js';
import {
  absent,
  atLeast,
  fromVar,
  matchFields,
  noPeriodAtOrBelow,
  oneOf,
  present,
  someItem,
} from './field-pattern.js';

describe('field patterns name the first mismatch', () => {
  it.each<[string, unknown, FieldPattern, string | undefined]>([
    ['literal match', { status: 'Accepted' }, { status: 'Accepted' }, undefined],
    [
      'literal mismatch',
      { status: 'Rejected' },
      { status: 'Accepted' },
      'status is "Rejected", not "Accepted"',
    ],
    [
      'nested',
      { idTagInfo: { status: 'Invalid' } },
      { idTagInfo: { status: 'Accepted' } },
      'idTagInfo.status is "Invalid", not "Accepted"',
    ],
    ['nested object missing', {}, { idTagInfo: { status: 'Accepted' } }, 'idTagInfo is missing'],
    ['present', { interval: 300 }, { interval: present }, undefined],
    ['present missing', {}, { interval: present }, 'interval is missing'],
    ['absent', { a: 1 }, { a: absent }, 'a must be absent, is 1'],
    [
      'oneOf',
      { status: 'Faulted' },
      { status: oneOf('Charging', 'SuspendedEV') },
      'status is "Faulted", not "Charging" or "SuspendedEV"',
    ],
    ['atLeast', { seqNo: 0 }, { seqNo: atLeast(1) }, 'seqNo is 0, not >= 1'],
    [
      'someItem',
      { keys: [{ key: 'A' }] },
      { keys: someItem({ key: 'B' }) },
      'keys has no item like {"key":"B"}',
    ],
    ['fromVar as text', { transactionId: 42 }, { transactionId: fromVar('tx') }, undefined],
    [
      'noPeriodAtOrBelow',
      { s: { chargingSchedulePeriod: [{ limit: 6 }] } },
      { s: noPeriodAtOrBelow(7) },
      's still has a period limited to 6',
    ],
    ['noPeriodAtOrBelow none', {}, { s: noPeriodAtOrBelow(7) }, undefined],
  ])('%s', (_name, payload, pattern, problem) => {
    expect(matchFields(payload, pattern, { tx: '42' })).toBe(problem);
  });
});
