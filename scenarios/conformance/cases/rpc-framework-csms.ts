import type { OcppVersion } from '../../../common/ocpp-version.js';
import type { ConformanceCase } from '../conformance-case.js';
import { sendRaw } from '../dsl.js';

interface BadFrameRow {
  readonly n: number;
  readonly title: string;
  readonly frame: Record<OcppVersion, string>;
  readonly codes: Record<OcppVersion, readonly string[]>;
}

const STATUS_16 = '"connectorId":1,"errorCode":"NoError"';
const STATUS_201 = '"timestamp":"2025-01-01T00:00:00.000Z","evseId":1,"connectorId":1';

/** One row per line of the OCPP-J error table: the frame sent and the codes a CSMS may answer. */
const ROWS: readonly BadFrameRow[] = [
  {
    n: 1,
    title: 'a frame that is not JSON',
    frame: { '1.6': '[2,"{id}","Heartbeat",{', '2.0.1': '[2,"{id}","Heartbeat",{' },
    codes: {
      '1.6': ['FormationViolation', 'ProtocolError'],
      '2.0.1': ['FormatViolation', 'RpcFrameworkError'],
    },
  },
  {
    n: 2,
    title: 'a frame that is not an array',
    frame: { '1.6': '{"id":"{id}"}', '2.0.1': '{"id":"{id}"}' },
    codes: {
      '1.6': ['FormationViolation', 'ProtocolError'],
      '2.0.1': ['RpcFrameworkError', 'FormatViolation'],
    },
  },
  {
    n: 3,
    title: 'an unknown MessageTypeId',
    frame: { '1.6': '[7,"{id}","Heartbeat",{}]', '2.0.1': '[7,"{id}","Heartbeat",{}]' },
    codes: { '1.6': ['FormationViolation', 'ProtocolError'], '2.0.1': ['MessageTypeNotSupported'] },
  },
  {
    n: 4,
    title: 'an unknown action',
    frame: {
      '1.6': '[2,"{id}","ConformanceNoSuchAction",{}]',
      '2.0.1': '[2,"{id}","ConformanceNoSuchAction",{}]',
    },
    codes: { '1.6': ['NotImplemented'], '2.0.1': ['NotImplemented'] },
  },
  {
    n: 5,
    title: 'a missing required field',
    frame: {
      '1.6': `[2,"{id}","StatusNotification",{${STATUS_16}}]`,
      '2.0.1': `[2,"{id}","StatusNotification",{${STATUS_201}}]`,
    },
    codes: { '1.6': ['OccurenceConstraintViolation'], '2.0.1': ['OccurrenceConstraintViolation'] },
  },
  {
    n: 6,
    title: 'a field of the wrong type',
    frame: {
      '1.6':
        '[2,"{id}","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]',
      '2.0.1': `[2,"{id}","StatusNotification",{"timestamp":"2025-01-01T00:00:00.000Z","evseId":"one","connectorId":1,"connectorStatus":"Available"}]`,
    },
    codes: { '1.6': ['TypeConstraintViolation'], '2.0.1': ['TypeConstraintViolation'] },
  },
  {
    n: 7,
    title: 'a value outside its enumeration',
    frame: {
      '1.6': `[2,"{id}","StatusNotification",{${STATUS_16},"status":"Dancing"}]`,
      '2.0.1': `[2,"{id}","StatusNotification",{${STATUS_201},"connectorStatus":"Dancing"}]`,
    },
    codes: { '1.6': ['PropertyConstraintViolation'], '2.0.1': ['PropertyConstraintViolation'] },
  },
  {
    n: 8,
    title: 'a string longer than its maximum',
    frame: {
      '1.6': `[2,"{id}","Authorize",{"idTag":"${'X'.repeat(21)}"}]`,
      '2.0.1': `[2,"{id}","Authorize",{"idToken":{"idToken":"${'X'.repeat(37)}","type":"ISO14443"}}]`,
    },
    codes: {
      '1.6': ['FormationViolation', 'PropertyConstraintViolation'],
      '2.0.1': ['FormatViolation', 'PropertyConstraintViolation'],
    },
  },
];

/**
 * Harness cases (no official number): a CSMS must answer each class of bad frame with the
 * CALLERROR code its OCPP-J version defines, and stay usable.
 */
export function rpcFrameworkCases(version: OcppVersion): ConformanceCase[] {
  return ROWS.map((row) => ({
    id: `HT_J_0${row.n}_CSMS`,
    title: `RPC framework - ${row.title} is answered with ${row.codes[version][0]}`,
    specRef:
      version === '1.6'
        ? 'OCPP-J 1.6 §4.2.3 CallError, §4.1.3'
        : 'OCPP 2.0.1 Part 4 (OCPP-J) §4.2.3 CALLERROR, §4.3 RPC framework errors',
    version,
    side: 'csms',
    suite: 'core',
    block: version === '1.6' ? '1.6 RPC framework' : 'RPC framework',
    numberingNote: 'a harness case; the official test tool has no number for it',
    steps: [sendRaw(row.frame[version], row.codes[version])],
  }));
}
