import { describe, expect, it } from 'vitest';
import { payloadJsonOf } from './frame-payload.js';

describe('payloadJsonOf', () => {
  it.each([
    ['CALL', '[2,"1","Heartbeat",{"a":1}]', '{"a":1}'],
    ['CALLRESULT', '[3,"1",{"currentTime":"x"}]', '{"currentTime":"x"}'],
    [
      'CALLERROR',
      '[4,"1","NotImplemented","no",{}]',
      '{"errorCode":"NotImplemented","errorDescription":"no","errorDetails":{}}',
    ],
    ['INVALID', '[2,"1"', null],
    ['CALL', '[2,"1","DataTransfer",{"data":"\\u0000"}]', null],
    // jsonb refuses unpaired surrogates; a pair is fine.
    ['CALL', '[2,"1","DataTransfer",{"data":"\\ud800"}]', null],
    ['CALL', '[2,"1","DataTransfer",{"data":"\\uDC00x"}]', null],
    ['CALL', '[2,"1","DataTransfer",{"data":"\\ud800\\ud800"}]', null],
    ['CALL', '[2,"1","DataTransfer",{"data":"\\ud83d \\ude00"}]', null],
    ['CALL', '[2,"1","DataTransfer",{"data":"\\ud83d\\ude00"}]', '{"data":"\\ud83d\\ude00"}'],
    // The payload is cut from the frame: whitespace around it goes, inside it stays.
    ['CALL', ' [ 2 , "1" , "Heartbeat" , { "a" : [1, {"b": 2}] } ] \n', '{ "a" : [1, {"b": 2}] }'],
    ['CALLRESULT', '[3,"1",{}]', '{}'],
    // Commas, brackets, braces and escaped quotes inside the id and action are not structure.
    ['CALL', '[2,"a,[{\\"b","x,{y",{"k":"v"}]', '{"k":"v"}'],
    ['CALLRESULT', '[3,"\\\\",{"k":"]"}]', '{"k":"]"}'],
    // Numbers as written, even those a double cannot hold; duplicate keys as sent.
    ['CALL', '[2,"1","DataTransfer",{"v":1e400,"w":1.50}]', '{"v":1e400,"w":1.50}'],
    ['CALLRESULT', '[3,"1",{"v":1E-400,"v":2}]', '{"v":1E-400,"v":2}'],
    ['CALL', `[2,"1","DataTransfer",{"v":${'9'.repeat(400)}}]`, `{"v":${'9'.repeat(400)}}`],
    // An unpaired surrogate character (not an escape) in a parsed payload keeps the raw text only.
    ['CALLERROR', '[4,"1","GenericError","\ud800",{}]', null],
    [
      'CALLERROR',
      '[4,"1","GenericError","\ud83d\ude00",{}]',
      '{"errorCode":"GenericError","errorDescription":"\ud83d\ude00","errorDetails":{}}',
    ],
  ] as const)('%s %s', (type, raw, expected) => {
    expect(payloadJsonOf(raw, type)).toBe(expected);
  });

  it.each([
    ['[2,"1","A"]', 'CALL'],
    ['[3,"1"]', 'CALLRESULT'],
    ['[2,"1","A",[1]]', 'CALL'],
    ['[3,{"a":1},{}]', 'CALLRESULT'],
  ] as const)('a frame %s without a %s payload object falls back to parsing it', (raw, type) => {
    const parsed = JSON.parse(raw) as unknown[];
    const payload = parsed[type === 'CALL' ? 3 : 2];
    expect(payloadJsonOf(raw, type)).toBe(payload === undefined ? null : JSON.stringify(payload));
  });
});
