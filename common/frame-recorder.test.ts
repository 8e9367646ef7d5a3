import { describe, expect, it, vi } from 'vitest';
import { FrameRecorder, verdictOf } from './frame-recorder.js';
import type { FrameRecord, FrameSummary } from './rpc-types.js';

/** What a frame may be known by, and the optional keys its record then has. */
const KNOWN: [string, { messageId?: string; action?: string }, string[]][] = [
  ['id and action', { messageId: '7', action: 'Heartbeat' }, ['messageId', 'action']],
  ['id only', { messageId: '7' }, ['messageId']],
  ['action only', { action: 'Heartbeat' }, ['action']],
  ['neither', {}, []],
];

describe('FrameRecorder', () => {
  it.each(KNOWN)(
    'a record with %s has keys for what is known, in a fixed order',
    (_name, known, optional) => {
      const records: FrameRecord[] = [];
      const recorder = new FrameRecorder(
        (r) => records.push(r),
        'csms',
        'CP1',
        '2.0.1',
        () => 5,
      );
      recorder.received({
        messageType: 'CALL',
        ...known,
        messageId: known.messageId,
        raw: '[]',
        verdict: 'valid',
      });
      expect(Object.keys(records[0]!)).toEqual([
        'timeMs',
        'direction',
        'stationId',
        'version',
        'messageType',
        ...optional,
        'raw',
        'verdict',
        'violations',
      ]);
      expect(records[0]).toMatchObject({ timeMs: 5, direction: 'station->csms', violations: [] });
    },
  );

  it('is inactive without a tap, and builds nothing', () => {
    const recorder = new FrameRecorder(undefined, 'station', 'CP1', '1.6', () => 0);
    expect(recorder.active).toBe(false);
    expect(() => recorder.sent({ messageType: 'CALL', raw: '[]', verdict: 'unchecked' })).not.toThrow();
  });

  it('warns once when the tap throws, and keeps recording', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let calls = 0;
    const recorder = new FrameRecorder(
      () => {
        calls++;
        throw new Error('tap broke');
      },
      'station',
      'CP1',
      '1.6',
      () => 0,
    );
    recorder.sent({ messageType: 'CALL', raw: '[]', verdict: 'unchecked' });
    recorder.sent({ messageType: 'CALL', raw: '[]', verdict: 'unchecked' });
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it.each([
    ['no schema', undefined, 'unchecked', 0],
    ['valid', { ok: true } as const, 'valid', 0],
  ])('verdictOf(%s) has no violations and cannot be changed', (_name, result, verdict, count) => {
    const v = verdictOf(result);
    expect(v.verdict).toBe(verdict);
    expect(v.violations).toHaveLength(count);
    expect(Object.isFrozen(v.violations)).toBe(true);
  });
});

describe('FrameRecorder with a counter', () => {
  const facts = { messageType: 'CALL', messageId: '7', action: 'Heartbeat', verdict: 'valid' } as const;

  it.each(KNOWN)(
    'counts a frame with %s without its text, keys in the record order',
    (_name, known, optional) => {
      const counted: FrameSummary[] = [];
      const recorder = new FrameRecorder(
        undefined,
        'station',
        'CP1',
        '1.6',
        () => 3,
        (r) => counted.push(r),
      );
      expect([recorder.active, recorder.readsText]).toEqual([true, false]);
      recorder.sent({ messageType: 'CALL', ...known, raw: undefined, verdict: 'valid' });
      expect(Object.keys(counted[0]!)).toEqual([
        'timeMs',
        'direction',
        'stationId',
        'version',
        'messageType',
        ...optional,
        'verdict',
        'violations',
      ]);
      expect(counted[0]).toMatchObject({ timeMs: 3, direction: 'station->csms', verdict: 'valid' });
    },
  );

  it('gives the tap and the counter the same record when both are installed', () => {
    const tapped: FrameRecord[] = [];
    const counted: FrameSummary[] = [];
    const recorder = new FrameRecorder(
      (r) => tapped.push(r),
      'csms',
      'CP1',
      '2.0.1',
      () => 0,
      (r) => counted.push(r),
    );
    expect(recorder.readsText).toBe(true);
    recorder.received({ ...facts, raw: '[2,"7","Heartbeat",{}]' });
    expect(tapped).toHaveLength(1);
    expect(counted[0]).toBe(tapped[0]);
    expect(tapped[0]!.raw).toBe('[2,"7","Heartbeat",{}]');
  });

  it('warns rather than give a tap a record without the text', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const tapped: FrameRecord[] = [];
    const recorder = new FrameRecorder(
      (r) => tapped.push(r),
      'csms',
      'CP1',
      '1.6',
      () => 0,
    );
    recorder.sent({ ...facts, raw: undefined });
    expect(tapped).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/recorded without its text/));
    warn.mockRestore();
  });
});
