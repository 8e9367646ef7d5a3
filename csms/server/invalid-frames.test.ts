import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import type { TestStation } from '../test-support/test-station.js';
import { connectTestStation } from '../test-support/test-station.js';

const long = 'x'.repeat(60);

/** [case, version, raw frame, expected CALLERROR code]; the payload is schema-invalid unless listed in NO_SCHEMA_VIOLATION. */
const CASES: [string, OcppVersion, string, string][] = [
  ['not JSON', '1.6', '[2,"a1","Heartbeat",{', 'FormationViolation'],
  ['not JSON', '2.0.1', '[2,"a1","Heartbeat",{', 'FormatViolation'],
  ['unknown message type', '1.6', '[7,"a2","Heartbeat",{}]', 'FormationViolation'],
  ['unknown message type', '2.0.1', '[7,"a2","Heartbeat",{}]', 'MessageTypeNotSupported'],
  ['unknown action', '1.6', '[2,"a3","MakeCoffee",{}]', 'NotImplemented'],
  ['unknown action', '2.0.1', '[2,"a3","MakeCoffee",{}]', 'NotImplemented'],
  ['an action that travels the other way', '1.6', '[2,"a4","Reset",{"type":"Hard"}]', 'NotSupported'],
  [
    'missing required field',
    '1.6',
    '[2,"a5","BootNotification",{"chargePointVendor":"A"}]',
    'OccurenceConstraintViolation',
  ],
  [
    'missing required field',
    '2.0.1',
    '[2,"a5","Heartbeat",{"customData":{}}]',
    'OccurrenceConstraintViolation',
  ],
  [
    'wrong type',
    '1.6',
    '[2,"a6","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}]',
    'TypeConstraintViolation',
  ],
  [
    'wrong type',
    '2.0.1',
    '[2,"a6","StatusNotification",{"timestamp":"2025-01-01T00:00:00Z","connectorStatus":"Available","evseId":"1","connectorId":1}]',
    'TypeConstraintViolation',
  ],
  ['additional property', '1.6', '[2,"a7","Heartbeat",{"extra":1}]', 'PropertyConstraintViolation'],
  [
    'bad enum value',
    '2.0.1',
    '[2,"a8","StatusNotification",{"timestamp":"2025-01-01T00:00:00Z","connectorStatus":"Sleeping","evseId":1,"connectorId":1}]',
    'PropertyConstraintViolation',
  ],
  ['string too long', '1.6', `[2,"a9","Authorize",{"idTag":"${long}"}]`, 'FormationViolation'],
  [
    'string too long',
    '2.0.1',
    `[2,"a9","Authorize",{"idToken":{"idToken":"${long}","type":"ISO14443"}}]`,
    'FormatViolation',
  ],
  [
    'bad date-time',
    '1.6',
    '[2,"a10","StartTransaction",{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"yesterday"}]',
    'FormationViolation',
  ],
];

/** Refused for what the frame is, not for its payload: logged as received, answered with a CALLERROR. */
const NO_SCHEMA_VIOLATION = new Set(['unknown action', 'an action that travels the other way']);

describe('schema-invalid frames from a station', () => {
  let t: TestCsms;
  const stations = new Map<OcppVersion, TestStation>();

  beforeAll(async () => {
    t = await startTestCsms('pglite');
    for (const version of ['1.6', '2.0.1'] as const) {
      stations.set(
        version,
        await connectTestStation({ url: t.csms.ocppUrl, stationId: `BAD-${version}`, version }),
      );
    }
  });
  afterAll(async () => {
    for (const s of stations.values()) await s.close();
    await t?.dispose();
  });

  it.each(CASES)('%s (%s): %s gets a CALLERROR %s, both logged', async (name, version, raw, code) => {
    const station = stations.get(version)!;
    const answer = await station.sendRawAndWait(raw);
    expect(answer.messageType).toBe('CALLERROR');
    const frame = JSON.parse(answer.raw) as unknown[];
    expect(frame[2]).toBe(code);
    expect(typeof frame[3]).toBe('string');

    const log = await t.http<{
      messages: {
        direction: string;
        type: string;
        verdict: string;
        violations: { code: string }[];
        raw: string | null;
        messageId: string | null;
      }[];
    }>('GET', `/api/messages?stationId=BAD-${version}&direction=station-%3Ecsms&limit=1000`);
    const logged = log.body.messages.at(-1)!;
    if (NO_SCHEMA_VIOLATION.has(name)) {
      expect(logged.verdict).not.toBe('invalid');
    } else {
      expect(logged.verdict).toBe('invalid');
      expect(logged.violations.map((v) => v.code)).toContain(code);
    }
    const reply = await t.http<{ messages: { type: string; payload: { errorCode: string } }[] }>(
      'GET',
      `/api/messages?stationId=BAD-${version}&direction=csms-%3Estation&limit=1000`,
    );
    expect(reply.body.messages.at(-1)).toMatchObject({ type: 'CALLERROR', payload: { errorCode: code } });
  });

  it('keeps answering valid frames after invalid ones', async () => {
    for (const s of stations.values()) {
      const res = await s.call<{ currentTime: string }>('Heartbeat', {});
      expect(Number.isFinite(Date.parse(res.currentTime))).toBe(true);
    }
  });
});
