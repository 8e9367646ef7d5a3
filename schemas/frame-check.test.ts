import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../common/ocpp-version.js';
import { checkFrame } from './frame-check.js';
import { aV16StatusNotification } from './sample-payloads.js';
import { defaultValidator } from './validator.js';

const validator = defaultValidator();
const status = JSON.stringify([2, '1', 'StatusNotification', aV16StatusNotification()]);

function summary(version: OcppVersion, text: string, options = {}) {
  const check = checkFrame(validator, version, text, options);
  return {
    messageType: check.messageType,
    verdict: check.verdict,
    codes: check.violations.map((v) => v.code),
  };
}

describe('checkFrame', () => {
  it.each([
    ['1.6', 'not JSON', '[2,"1",', 'INVALID', ['FormationViolation']],
    ['2.0.1', 'not JSON', '[2,"1",', 'INVALID', ['FormatViolation']],
    ['1.6', 'not an array', '{"id":1}', 'INVALID', ['FormationViolation']],
    ['2.0.1', 'not an array', '{"id":1}', 'INVALID', ['RpcFrameworkError']],
    ['2.0.1', 'a numeric message id', '[2,7,"Heartbeat",{}]', 'INVALID', ['RpcFrameworkError']],
    ['1.6', 'MessageTypeId 9', '[9,"1","Heartbeat",{}]', 'INVALID', ['FormationViolation']],
    ['2.0.1', 'MessageTypeId 9', '[9,"1","Heartbeat",{}]', 'INVALID', ['MessageTypeNotSupported']],
    ['1.6', 'an unknown action', '[2,"1","FlyToTheMoon",{}]', 'CALL', ['NotImplemented']],
    ['2.0.1', 'a 1.6-only action', '[2,"1","StartTransaction",{}]', 'CALL', ['NotImplemented']],
    ['1.6', 'a bad payload', '[2,"1","Authorize",{}]', 'CALL', ['OccurenceConstraintViolation']],
    ['2.0.1', 'a bad payload', '[2,"1","Authorize",{}]', 'CALL', ['OccurrenceConstraintViolation']],
    ['1.6', 'an unknown error code', '[4,"1","Oops","x",{}]', 'CALLERROR', ['FormationViolation']],
    [
      '2.0.1',
      'a 1.6-only error code',
      '[4,"1","FormationViolation","x",{}]',
      'CALLERROR',
      ['RpcFrameworkError'],
    ],
  ] as const)('%s, %s: %s', (version, _name, text, messageType, codes) => {
    expect(summary(version, text)).toEqual({ messageType, verdict: 'invalid', codes });
  });

  it.each([
    ['1.6', status, {}, 'CALL', 'valid'],
    ['1.6', '[3,"1",{}]', { callAction: 'StatusNotification' }, 'CALLRESULT', 'valid'],
    ['1.6', '[3,"1",{}]', {}, 'CALLRESULT', 'unchecked'],
    ['1.6', '[4,"1","NotSupported","",{}]', { callAction: 'Reset' }, 'CALLERROR', 'unchecked'],
    ['1.6', '[4,"1","OccurrenceConstraintViolation","",{}]', {}, 'CALLERROR', 'unchecked'],
    ['2.0.1', '[4,"1","OccurenceConstraintViolation","",{}]', {}, 'CALLERROR', 'unchecked'],
    ['1.6', status, { direction: 'station->csms' }, 'CALL', 'valid'],
    ['1.6', '[2,"1","DataTransfer",{"vendorId":"x"}]', { direction: 'csms->station' }, 'CALL', 'valid'],
  ] as const)('%s %s %j is %s and %s', (version, text, options, messageType, verdict) => {
    expect(summary(version, text, options)).toEqual({ messageType, verdict, codes: [] });
  });

  it('checks a CALLRESULT against the response schema of the CALL it answers', () => {
    const check = checkFrame(validator, '1.6', '[3,"5",{"currentTime":"noon"}]', { callAction: 'Heartbeat' });
    expect(check).toMatchObject({
      messageType: 'CALLRESULT',
      messageId: '5',
      action: 'Heartbeat',
      verdict: 'invalid',
    });
    expect(check.violations.map((v) => v.pointer)).toEqual(['/currentTime']);
  });

  it('flags a CALL sent the wrong way as not supported', () => {
    const check = checkFrame(validator, '1.6', status, { direction: 'csms->station' });
    expect(check.violations).toEqual([
      {
        pointer: '',
        kind: 'unsupported-action',
        code: 'NotSupported',
        message: 'StatusNotification is sent by a station, not by the CSMS, in OCPP 1.6',
      },
    ]);
  });

  it('keeps the message id of a malformed frame so that it can be answered', () => {
    expect(checkFrame(validator, '2.0.1', '[2,"abc","Heartbeat"]')).toMatchObject({
      messageType: 'INVALID',
      messageId: 'abc',
    });
  });

  it('applies the frame size limit', () => {
    expect(summary('2.0.1', status, { maxFrameBytes: 40 }).codes).toEqual(['RpcFrameworkError']);
  });
});
