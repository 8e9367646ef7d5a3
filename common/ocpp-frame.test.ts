import { describe, expect, it } from 'vitest';
import { errorCodeFor } from './ocpp-errors.js';
import { isFrameParseError, parseFrame } from './ocpp-frame.js';

describe('parseFrame', () => {
  it.each([
    ['[2,"19","Heartbeat",{}]', { type: 'CALL', messageId: '19', action: 'Heartbeat', payload: {} }],
    [
      '[3,"19",{"currentTime":"2026-01-01T00:00:00Z"}]',
      { type: 'CALLRESULT', messageId: '19', payload: { currentTime: '2026-01-01T00:00:00Z' } },
    ],
    [
      '[4,"7","NotImplemented","no such action",{}]',
      {
        type: 'CALLERROR',
        messageId: '7',
        errorCode: 'NotImplemented',
        errorDescription: 'no such action',
        errorDetails: {},
      },
    ],
  ])('parses the well-formed frame %s', (text, expected) => {
    expect(parseFrame(text)).toEqual(expected);
  });

  it.each([
    ['not JSON', '[2,"1","Heartbeat",', 'bad-json', undefined],
    ['an object', '{"a":1}', 'bad-frame', undefined],
    ['a string MessageTypeId', '["2","1","Heartbeat",{}]', 'bad-frame', '1'],
    ['an empty array', '[]', 'bad-frame', undefined],
    ['MessageTypeId 5', '[5,"1","Heartbeat",{}]', 'unknown-message-type', '1'],
    ['MessageTypeId 2.5', '[2.5,"1","Heartbeat",{}]', 'bad-frame', '1'],
    ['a numeric MessageId', '[2,1,"Heartbeat",{}]', 'bad-frame', undefined],
    ['an empty MessageId', '[2,"","Heartbeat",{}]', 'bad-frame', undefined],
    ['a 37-character MessageId', `[2,"${'x'.repeat(37)}","Heartbeat",{}]`, 'bad-frame', undefined],
    ['a short CALL', '[2,"1","Heartbeat"]', 'bad-frame', '1'],
    ['a long CALL', '[2,"1","Heartbeat",{},{}]', 'bad-frame', '1'],
    ['a numeric Action', '[2,"1",42,{}]', 'bad-frame', '1'],
    ['an array CALL payload', '[2,"1","Heartbeat",[]]', 'bad-frame', '1'],
    ['a null CALLRESULT payload', '[3,"1",null]', 'bad-frame', '1'],
    ['a CALLERROR without details', '[4,"1","GenericError","x"]', 'bad-frame', '1'],
    ['a CALLERROR with a numeric code', '[4,"1",3,"x",{}]', 'bad-frame', '1'],
    ['a CALLERROR with string details', '[4,"1","GenericError","x","y"]', 'bad-frame', '1'],
  ])('classifies %s', (_name, text, kind, messageId) => {
    const result = parseFrame(text);
    expect(isFrameParseError(result)).toBe(true);
    expect(result).toMatchObject({ kind });
    expect((result as { messageId?: string }).messageId).toBe(messageId);
  });

  it('rejects a frame over the byte limit, counting UTF-8 bytes', () => {
    const text = `[2,"1","DataTransfer",{"vendorId":"${'é'.repeat(40)}"}]`;
    expect(isFrameParseError(parseFrame(text, 200))).toBe(false);
    const result = parseFrame(text, 100);
    expect(result).toMatchObject({ kind: 'bad-frame' });
    expect((result as { message: string }).message).toContain(`${Buffer.byteLength(text)} bytes`);
  });

  it.each([
    ['bad-json', 'FormationViolation', 'FormatViolation'],
    ['bad-frame', 'FormationViolation', 'RpcFrameworkError'],
    ['unknown-message-type', 'FormationViolation', 'MessageTypeNotSupported'],
  ] as const)('%s maps to %s (1.6) and %s (2.0.1)', (kind, v16, v201) => {
    expect(errorCodeFor('1.6', kind)).toBe(v16);
    expect(errorCodeFor('2.0.1', kind)).toBe(v201);
  });
});
