import { describe, expect, it } from 'vitest';
import { ProtocolFrameFaults } from './protocol-frame-faults.js';

const status16 = (id: string, status: string): string =>
  JSON.stringify([2, id, 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status }]);

describe('protocol frame faults of non-compliant firmware', () => {
  it('swaps the first two matching statuses once, then leaves statuses alone', () => {
    const f = new ProtocolFrameFaults({ swapStatuses: { first: 'Preparing', second: 'Charging' } });
    const out = ['Available', 'Preparing', 'Charging', 'Preparing', 'Charging'].map((s, i) => {
      const v = f.outgoing(status16(String(i), s));
      return v.kind === 'send'
        ? (JSON.parse(v.frame) as [number, string, string, { status: string }])[3].status
        : 'swallowed';
    });
    expect(out).toEqual(['Available', 'Charging', 'Preparing', 'Preparing', 'Charging']);
  });

  it('drops a field of one action only', () => {
    const f = new ProtocolFrameFaults({ dropField: { action: 'StartTransaction', field: 'meterStart' } });
    const start = JSON.stringify([
      2,
      '9',
      'StartTransaction',
      { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: 't' },
    ]);
    expect(f.outgoing(start)).toEqual({
      kind: 'send',
      frame: JSON.stringify([2, '9', 'StartTransaction', { connectorId: 1, idTag: 'A', timestamp: 't' }]),
    });
    expect(f.outgoing(status16('1', 'Available'))).toEqual({
      kind: 'send',
      frame: status16('1', 'Available'),
    });
  });

  it('answers SetChargingProfile itself when profiles are ignored, and passes other CALLs', () => {
    const f = new ProtocolFrameFaults({ ignoreProfiles: true });
    expect(f.incoming('[2,"c1","SetChargingProfile",{"connectorId":1}]')).toEqual({
      kind: 'answer',
      answer: '[3,"c1",{"status":"Accepted"}]',
    });
    expect(f.incoming('[2,"c2","Reset",{"type":"Soft"}]')).toEqual({ kind: 'deliver' });
  });

  it('swallows the skipped firmware status and answers it locally', () => {
    const f = new ProtocolFrameFaults({ skipFirmwareStatus: 'Downloaded' });
    expect(f.outgoing('[2,"7","FirmwareStatusNotification",{"status":"Downloaded"}]')).toEqual({
      kind: 'swallow',
      answer: '[3,"7",{}]',
    });
    const other = '[2,"8","FirmwareStatusNotification",{"status":"Installing"}]';
    expect(f.outgoing(other)).toEqual({ kind: 'send', frame: other });
  });
});
