import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRecord, Violation } from '../../common/rpc-types.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aStationId } from '../test-support/builders.js';
import { migrate } from '../store/migrations.js';
import type { LoggedMessage } from './message-log.js';
import { MessageLog } from './message-log.js';

const drivers = await testDrivers();
const CALL_ERROR = '[4,"1","NotSupported","no",{"why":"x"}]';
const LONE_SURROGATE_ESCAPE = '[2,"1","DataTransfer",{"vendorId":"x","data":"\\ud800"}]';
const NUL_ESCAPE = '[2,"1","DataTransfer",{"vendorId":"x","data":"a\\u0000"}]';
const NUL_VIOLATION: Violation = {
  pointer: '/a\u0000\ud800',
  message: 'bad',
  kind: 'bad-property',
  code: 'PropertyConstraintViolation',
};

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
    expect(m).toMatchObject({ messageType: 'INVALID', payload: null, raw: 'not json\u0000' });
  });

  it('keeps a frame with a lone surrogate escape exactly, and the frames batched with it', async () => {
    const s = aStationId();
    const lone = '[2,"1","DataTransfer",{"vendorId":"x","data":"\\ud800"}]';
    log.record(aFrame(s, { messageType: 'CALL', raw: lone, action: 'DataTransfer' }));
    log.record(aFrame(s, { messageType: 'CALLRESULT', raw: '[3,"1",{"status":"Accepted"}]' }));
    const [call, result] = await log.query({ stationId: s });
    expect(call).toMatchObject({ payload: { vendorId: 'x', data: '\ud800' }, raw: null, text: lone });
    expect(result).toMatchObject({ payload: { status: 'Accepted' }, raw: null });
  });

  /** Frames that must be stored in one batch, and what the log returns for each. */
  const storable: readonly [string, Partial<FrameRecord>, Partial<LoggedMessage>][] = [
    [
      'a CALLERROR as its error object',
      { messageType: 'CALLERROR', raw: CALL_ERROR, verdict: 'unchecked' },
      {
        payload: { errorCode: 'NotSupported', errorDescription: 'no', errorDetails: { why: 'x' } },
        raw: null,
      },
    ],
    ['bad JSON as raw text', { messageType: 'INVALID', raw: '[2,"1",' }, { payload: null, raw: '[2,"1",' }],
    [
      'a lone surrogate escape',
      { raw: LONE_SURROGATE_ESCAPE },
      { payload: { vendorId: 'x', data: '\ud800' }, raw: null, text: LONE_SURROGATE_ESCAPE },
    ],
    [
      'a \\u0000 escape',
      { raw: NUL_ESCAPE },
      { payload: { vendorId: 'x', data: 'a\u0000' }, raw: null, text: NUL_ESCAPE },
    ],
    ['a NUL character', { messageType: 'INVALID', raw: 'a\u0000b' }, { payload: null, raw: 'a\u0000b' }],
    [
      'a lone surrogate character in a CALLERROR',
      { messageType: 'CALLERROR', raw: '[4,"1","GenericError","\ud800",{}]' },
      {
        payload: { errorCode: 'GenericError', errorDescription: '\ud800', errorDetails: {} },
        raw: null,
        text: '[4,"1","GenericError","\ud800",{}]',
      },
    ],
    [
      'a lone surrogate character in a payload',
      { raw: '[2,"1","DataTransfer",{"data":"a\udc00"}]' },
      { payload: { data: 'a\udc00' }, raw: null },
    ],
    [
      'surrogate pairs, escaped or not',
      { raw: '[2,"1","DataTransfer",{"data":"\\ud83d\\ude00 \ud83d\ude00"}]' },
      { payload: { data: '\ud83d\ude00 \ud83d\ude00' }, raw: null },
    ],
    [
      'NUL and lone surrogates in the message id, action and violations',
      { messageId: '1\u0000', action: 'A\udc00', violations: [NUL_VIOLATION] },
      { messageId: '1\u0000', action: 'A\udc00', payload: {}, violations: [NUL_VIOLATION] },
    ],
  ];

  it('stores frames of every shape in one batch, each as the API shows it', async () => {
    const ids = storable.map(([, frame]) => {
      const s = aStationId();
      log.record(aFrame(s, frame));
      return s;
    });
    for (const [n, [what, , expected]] of storable.entries()) {
      const rows = await log.query({ stationId: ids[n]! });
      expect(rows, what).toHaveLength(1);
      expect(rows[0], what).toMatchObject(expected);
    }
  });

  it('returns a payload as sent: key order, duplicate keys, number formats, spacing', async () => {
    const s = aStationId();
    const wire =
      '{ "vendorId":"x", "b":1.50, "a":1e3, "a":-0.0, "big":12345678901234567890, "tiny":1E-400, "huge":1e400 }';
    log.record(aFrame(s, { action: 'DataTransfer', raw: `[2,"7","DataTransfer",${wire}]` }));
    const [m] = await log.query({ stationId: s });
    expect(m!.payload).toEqual(JSON.parse(wire));
    expect(Object.keys(m!.payload as object)).toEqual(['vendorId', 'b', 'a', 'big', 'tiny', 'huge']);
    expect(m!.text).toBe(`[2,"7","DataTransfer",${wire}]`);
  });

  it('numbers frames across pages in the order logged, and a query reads on past a page', async () => {
    const paged = new MessageLog({ store: t.store, clock, maxRows: 3 });
    const s = aStationId();
    const other = aStationId();
    for (let i = 0; i < 10; i++) {
      paged.record(aFrame(i % 2 === 0 ? s : other, { timeMs: T0 + 100 + i, messageId: String(i) }));
    }
    const mine = await paged.query({ stationId: s });
    expect(mine.map((m) => m.messageId)).toEqual(['0', '2', '4', '6', '8']);
    const both = await paged.query({ fromMs: T0 + 100, toMs: T0 + 110 });
    expect(both.map((m) => m.messageId)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // Ids go up by one from frame to frame, across the four pages these ten frames took.
    expect(both.map((m) => m.id - both[0]!.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await paged.query({ stationId: s, limit: 2, fromMs: T0 + 103 })).map((m) => m.messageId)).toEqual(
      ['4', '6'],
    );
    expect(await paged.query({ stationId: s, action: 'StartTransaction' })).toEqual([]);
    expect((await paged.query({ stationId: other, messageId: '7' })).map((m) => m.timeMs)).toEqual([
      T0 + 107,
    ]);
  });

  it('stores a page compressed, and skips pages without the station or action asked for', async () => {
    const s = aStationId();
    const payload = JSON.stringify({ connectorId: 1, meterValue: [{ sampledValue: [{ value: '1' }] }] });
    for (let i = 0; i < 200; i++) {
      log.record(
        aFrame(s, {
          messageId: String(i),
          action: 'MeterValues',
          raw: `[2,"${i}","MeterValues",${payload}]`,
        }),
      );
    }
    await log.flush();
    const { rows } = await t.store.query<{ encoding: string; size: number; frame_count: number }>(
      `SELECT encoding, octet_length(frames) AS size, frame_count FROM message_pages WHERE $1 = ANY (station_ids)`,
      [s],
    );
    expect(rows.map((r) => [r.encoding, r.frame_count])).toEqual([['deflate', 200]]);
    // 200 frames of about 130 bytes each take far less than their text.
    expect(rows[0]!.size).toBeLessThan((200 * 130) / 5);
    expect(await log.query({ stationId: s, limit: 10_000 })).toHaveLength(200);
    const skipped = await t.store.query(
      `SELECT 1 FROM message_pages WHERE $1 = ANY (station_ids) AND 'Heartbeat' = ANY (actions)`,
      [s],
    );
    expect(skipped.rowCount).toBe(0);
  });

  it('reads back frames logged before the payload column became json, and logs new ones beside them', async () => {
    const old = await openTestStore(driver, { migrateUpTo: 1 });
    try {
      const s = aStationId();
      await old.store.query(
        `INSERT INTO messages (at, station_id, direction, message_type, message_id, action, payload, raw, verdict, violations)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
          $7::jsonb[], $8::text[], $9::text[], $10::jsonb[])`,
        [
          [new Date(T0), new Date(T0 + 1)],
          [s, s],
          ['station->csms', 'station->csms'],
          ['CALL', 'INVALID'],
          ['1', null],
          ['DataTransfer', null],
          ['{"vendorId": "x", "n": [1.50, 1e3]}', null],
          [null, 'not json'],
          ['invalid', 'invalid'],
          ['[{"pointer": "/a", "code": "PropertyConstraintViolation"}]', null],
        ],
      );
      await migrate(old.store);
      const oldLog = new MessageLog({ store: old.store, clock });
      oldLog.record(aFrame(s, { timeMs: T0 + 2, raw: '[2,"1","Heartbeat",{"b":1,"a":2}]' }));
      const rows = await oldLog.query({ stationId: s });
      expect(rows).toMatchObject([
        {
          messageType: 'CALL',
          payload: { vendorId: 'x', n: [1.5, 1000] },
          raw: null,
          violations: [{ pointer: '/a', code: 'PropertyConstraintViolation' }],
        },
        { messageType: 'INVALID', payload: null, raw: 'not json', violations: [] },
        { messageType: 'CALL', payload: { b: 1, a: 2 } },
      ]);
      expect(Object.keys(rows[2]!.payload as object)).toEqual(['b', 'a']);
    } finally {
      await old.dispose();
    }
  });
});
