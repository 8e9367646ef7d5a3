import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../common/rpc-types.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStationId } from '../test-support/builders.js';
import { MessageLog } from './message-log.js';

const drivers = await testDrivers();
const T0 = Date.parse('2025-01-01T10:00:00.123Z');

function aFrame(stationId: string, over: Partial<FrameRecord> = {}): FrameRecord {
  return {
    timeMs: T0,
    direction: 'station->csms',
    stationId,
    version: '1.6',
    messageType: 'CALL',
    messageId: '1',
    action: 'Heartbeat',
    raw: '[2,"1","Heartbeat",{}]',
    verdict: 'valid',
    violations: [],
    ...over,
  };
}

describe.each(drivers)('MessageLog on %s', (driver) => {
  let t: TestStore;
  let clock: VirtualClock;
  let log: MessageLog;
  beforeAll(async () => {
    t = await openTestStore(driver);
    clock = new VirtualClock({ startMs: T0 });
    log = new MessageLog({ store: t.store, clock });
  });
  afterAll(async () => t.dispose());

  it('stores every field and filters by station, action, type and time', async () => {
    const a = aStationId();
    const b = aStationId();
    log.record(aFrame(a));
    log.record(
      aFrame(a, {
        timeMs: T0 + 1,
        direction: 'csms->station',
        messageType: 'CALLRESULT',
        raw: '[3,"1",{"currentTime":"2025-01-01T10:00:00Z"}]',
      }),
    );
    log.record(
      aFrame(a, {
        timeMs: T0 + 5,
        messageId: '2',
        action: 'StatusNotification',
        raw: '[2,"2","StatusNotification",{}]',
        verdict: 'invalid',
        violations: [
          {
            pointer: '',
            message: 'needs connectorId',
            kind: 'missing-field',
            code: 'OccurenceConstraintViolation',
          },
        ],
      }),
    );
    log.record(aFrame(b, { timeMs: T0 + 10 }));
    expect(log.pending).toBe(4);

    const all = await log.query({ stationId: a });
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({
      timeMs: T0,
      stationId: a,
      direction: 'station->csms',
      messageType: 'CALL',
      messageId: '1',
      action: 'Heartbeat',
      payload: {},
      raw: null,
      verdict: 'valid',
      violations: [],
    });
    expect(all[1]).toMatchObject({
      messageType: 'CALLRESULT',
      payload: { currentTime: '2025-01-01T10:00:00Z' },
    });
    expect(all[2]).toMatchObject({
      verdict: 'invalid',
      violations: [{ pointer: '', code: 'OccurenceConstraintViolation' }],
    });
    expect((await log.query({ stationId: a, action: 'StatusNotification' })).map((m) => m.messageId)).toEqual(
      ['2'],
    );
    expect((await log.query({ stationId: a, messageType: 'CALLRESULT' })).map((m) => m.timeMs)).toEqual([
      T0 + 1,
    ]);
    expect((await log.query({ stationId: a, fromMs: T0 + 1, toMs: T0 + 5 })).map((m) => m.timeMs)).toEqual([
      T0 + 1,
    ]);
    expect(await log.query({ stationId: a, limit: 1 })).toHaveLength(1);
  });

  it('stores the payload of a frame cut from its text, and a CALLERROR as its error object', async () => {
    const s = aStationId();
    log.record(
      aFrame(s, {
        action: 'DataTransfer',
        raw: '[ 2 , "1,{" , "DataTransfer" , { "vendorId" : "x", "data" : "[1, {\\"a\\": 2}]", "n": [1.50, 2e3] } ]',
      }),
    );
    log.record(
      aFrame(s, {
        timeMs: T0 + 1,
        direction: 'csms->station',
        messageType: 'CALLERROR',
        raw: '[4,"1","NotSupported","no",{"why":"x"}]',
        verdict: 'unchecked',
      }),
    );
    const [call, error] = await log.query({ stationId: s });
    expect(call).toMatchObject({
      payload: { vendorId: 'x', data: '[1, {"a": 2}]', n: [1.5, 2000] },
      raw: null,
    });
    expect(error).toMatchObject({
      messageType: 'CALLERROR',
      payload: { errorCode: 'NotSupported', errorDescription: 'no', errorDetails: { why: 'x' } },
      raw: null,
    });
  });

  it('keeps a frame that is not JSON as raw text', async () => {
    const s = aStationId();
    log.record(
      aFrame(s, { messageType: 'INVALID', raw: 'not json\u0000', verdict: 'invalid', action: undefined }),
    );
    const [m] = await log.query({ stationId: s });
    expect(m).toMatchObject({ messageType: 'INVALID', payload: null, raw: 'not json\uFFFD' });
  });

  it('keeps a frame with a lone surrogate escape as raw text, and the frames batched with it', async () => {
    const s = aStationId();
    const lone = '[2,"1","DataTransfer",{"vendorId":"x","data":"\\ud800"}]';
    log.record(aFrame(s, { messageType: 'CALL', raw: lone, action: 'DataTransfer' }));
    log.record(aFrame(s, { messageType: 'CALLRESULT', raw: '[3,"1",{"status":"Accepted"}]' }));
    const [call, result] = await log.query({ stationId: s });
    expect(call).toMatchObject({ payload: null, raw: lone });
    expect(result).toMatchObject({ payload: { status: 'Accepted' }, raw: null });
  });
});
