import { describe, expect, it } from 'vitest';
import type { UpdateInput } from './transaction-inputs.js';
import { mergeProgress } from './progress-writer.js';

const base = { stationId: 'CS1', transactionRef: 'tx-1', trigger: 'MeterValuePeriodic' };

describe('mergeProgress', () => {
  it.each<[string, UpdateInput[], Partial<UpdateInput>[]]>([
    ['one update stays as it is', [{ ...base, seqNo: 1 }], [{ seqNo: 1 }]],
    [
      'the latest sequence number, trigger and charging state win',
      [
        { ...base, seqNo: 1, chargingState: 'Charging' },
        { ...base, seqNo: 2, trigger: 'ChargingStateChanged', chargingState: 'SuspendedEV' },
        { ...base, seqNo: 3 },
      ],
      [{ seqNo: 3, trigger: 'MeterValuePeriodic', chargingState: 'SuspendedEV' }],
    ],
    [
      'an id token is kept once known, the EVSE follows the latest',
      [
        { ...base, seqNo: 1, idTag: 'A', userId: 7, evseId: 1, connectorId: 1 },
        { ...base, seqNo: 2, idTag: 'B', userId: 8, evseId: 2 },
      ],
      [{ seqNo: 2, idTag: 'A', userId: 7, evseId: 2, connectorId: 1 }],
    ],
    [
      'an update not newer than the queued one changes nothing',
      [
        { ...base, seqNo: 5, chargingState: 'Charging' },
        { ...base, seqNo: 4, chargingState: 'Idle' },
      ],
      [{ seqNo: 5, chargingState: 'Charging' }],
    ],
    [
      'transactions are kept apart, in order of first appearance',
      [
        { ...base, seqNo: 1 },
        { ...base, transactionRef: 'tx-2', seqNo: 9 },
        { ...base, seqNo: 2 },
      ],
      [
        { transactionRef: 'tx-1', seqNo: 2 },
        { transactionRef: 'tx-2', seqNo: 9 },
      ],
    ],
  ])('%s', (_name, updates, expected) => {
    const merged = mergeProgress(updates);
    expect(merged).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(merged[i]).toMatchObject(e));
  });
});
