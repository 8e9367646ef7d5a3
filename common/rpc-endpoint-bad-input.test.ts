import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcppVersion } from './ocpp-version.js';
import {
  aBootAccepted,
  aBootNotification,
  aHeartbeatAnswer,
  aStatusNotification,
} from './test-support/ocpp-payloads.js';
import { anRpcPair, type RpcPair } from './test-support/rpc-pair.js';
import { transportCases } from './test-support/transport-cases.js';

/** A malformed frame class: the text a station sends, and the CALLERROR code each version answers with. */
interface BadInput {
  readonly name: string;
  /** Message id the answer must carry ("-1" when the frame has none that can be read). */
  readonly answerId: string;
  readonly frame: (version: OcppVersion) => string;
  readonly code: Record<OcppVersion, string>;
}

const call = (id: string, action: string, payload: unknown): string =>
  JSON.stringify([2, id, action, payload]);
const long = 'x'.repeat(300);

const badInputs: readonly BadInput[] = [
  {
    name: 'not JSON',
    answerId: '-1',
    frame: () => '[2,"b1","Heartbeat",{]',
    code: { '1.6': 'FormationViolation', '2.0.1': 'FormatViolation' },
  },
  {
    name: 'not an array',
    answerId: '-1',
    frame: () => '{"messageTypeId":2,"id":"b2"}',
    code: { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  },
  {
    name: 'a message id that is a number',
    answerId: '-1',
    frame: () => '[2,17,"Heartbeat",{}]',
    code: { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  },
  {
    name: 'no message id',
    answerId: '-1',
    frame: () => '[2]',
    code: { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  },
  {
    name: 'a message id over 36 characters',
    answerId: '-1',
    frame: () => call('i'.repeat(37), 'Heartbeat', {}),
    code: { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  },
  {
    name: 'a CALL without payload',
    answerId: 'b3',
    frame: () => '[2,"b3","Heartbeat"]',
    code: { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  },
  {
    name: 'an unknown MessageTypeId',
    answerId: 'b4',
    frame: () => '[7,"b4","Heartbeat",{}]',
    code: { '1.6': 'FormationViolation', '2.0.1': 'MessageTypeNotSupported' },
  },
  {
    name: 'an unknown action',
    answerId: 'b5',
    frame: () => call('b5', 'FlyToTheMoon', {}),
    code: { '1.6': 'NotImplemented', '2.0.1': 'NotImplemented' },
  },
  {
    name: 'a known action without a handler',
    answerId: 'b6',
    frame: () => call('b6', 'DataTransfer', { vendorId: 'Acme' }),
    code: { '1.6': 'NotSupported', '2.0.1': 'NotSupported' },
  },
  {
    name: 'a missing required field',
    answerId: 'b7',
    frame: (v) =>
      call('b7', 'BootNotification', v === '1.6' ? { chargePointVendor: 'Acme' } : { reason: 'PowerUp' }),
    code: { '1.6': 'OccurenceConstraintViolation', '2.0.1': 'OccurrenceConstraintViolation' },
  },
  {
    name: 'a field of the wrong type',
    answerId: 'b8',
    frame: (v) =>
      call(
        'b8',
        'BootNotification',
        aBootNotification(v, v === '1.6' ? { chargePointModel: 22 } : { model: 22 }),
      ),
    code: { '1.6': 'TypeConstraintViolation', '2.0.1': 'TypeConstraintViolation' },
  },
  {
    name: 'an additional property',
    answerId: 'b9',
    frame: (v) => call('b9', 'BootNotification', { ...aBootNotification(v), colour: 'red' }),
    code: { '1.6': 'PropertyConstraintViolation', '2.0.1': 'PropertyConstraintViolation' },
  },
  {
    name: 'a value outside its enum',
    answerId: 'b10',
    frame: (v) =>
      call(
        'b10',
        'StatusNotification',
        aStatusNotification(v, v === '1.6' ? { status: 'Sleepy' } : { connectorStatus: 'Sleepy' }),
      ),
    code: { '1.6': 'PropertyConstraintViolation', '2.0.1': 'PropertyConstraintViolation' },
  },
  {
    name: 'a string over its maximum length',
    answerId: 'b11',
    frame: (v) =>
      call(
        'b11',
        'BootNotification',
        aBootNotification(v, v === '1.6' ? { chargePointVendor: long } : { vendorName: long }),
      ),
    code: { '1.6': 'FormationViolation', '2.0.1': 'FormatViolation' },
  },
  {
    name: 'a date-time that is not one',
    answerId: 'b12',
    frame: (v) =>
      call('b12', 'StatusNotification', aStatusNotification(v, { timestamp: 'yesterday at noon' })),
    code: { '1.6': 'FormationViolation', '2.0.1': 'FormatViolation' },
  },
];

const cases = (['1.6', '2.0.1'] as const).flatMap((version) =>
  badInputs.map((input) => ({ version, ...input })),
);

describe.each(transportCases)('malformed input over $kind', (tc) => {
  const pairs = new Map<OcppVersion, RpcPair>();
  beforeAll(async () => {
    for (const version of ['1.6', '2.0.1'] as const) {
      const p = await anRpcPair({ transport: tc, version, stationId: `CP-bad-${version}` });
      p.csms.handle('BootNotification', () => aBootAccepted());
      p.csms.handle('Heartbeat', () => aHeartbeatAnswer());
      p.csms.handle('StatusNotification', () => ({}));
      pairs.set(version, p);
    }
  });
  afterAll(async () => {
    await Promise.all([...pairs.values()].map((p) => p.close()));
  });

  it.each(cases)(
    'OCPP $version: $name gets the right CALLERROR and the connection stays usable',
    async (c) => {
      const p = pairs.get(c.version)!;
      const before = p.records.length;
      await p.station.sendRaw(c.frame(c.version));
      const answer = await p.recorded(
        (r) =>
          r.direction === 'csms->station' && r.messageType === 'CALLERROR' && p.records.indexOf(r) >= before,
      );
      const [type, id, code, description] = JSON.parse(answer.raw) as [number, string, string, string];
      expect([type, id, code]).toEqual([4, c.answerId, c.code[c.version]]);
      expect(description.length).toBeGreaterThan(0);
      await expect(p.station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
    },
  );
});
