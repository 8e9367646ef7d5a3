import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { VirtualClock } from '../../common/virtual-clock.js';
import type { Transport } from '../../common/transport.js';
import type { Csms } from '../../csms/create-csms.js';
import { selectCases } from './case-catalogue.js';
import type { ConformanceCase } from './conformance-case.js';
import { CsmsApiOperator } from './csms-api-operator.js';
import { runCheckCsms } from './run-check-csms.js';
import { ACCEPTED_TAG, aReferenceCsms } from './test-support/reference-csms.js';
import { rewritingTransport } from './test-support/rewriting-transport.js';

let ref: { csms: Csms; clock: VirtualClock; transport: Transport };
let rewrite: (frame: string) => string = (f) => f;
let stations = 0;

beforeAll(async () => {
  ref = await aReferenceCsms({}, (t) => rewritingTransport(t, () => rewrite));
});
afterAll(async () => {
  await ref.csms.stop();
});

async function check(version: OcppVersion, cases: readonly ConformanceCase[]) {
  const stationId = `CHECK${++stations}`;
  return runCheckCsms({
    version,
    csmsUrl: ref.csms.ocppUrl,
    stationId,
    idTag: ACCEPTED_TAG,
    unknownIdTag: 'NOBODYS-TAG',
    cases,
    clock: ref.clock,
    transport: ref.transport,
    operator: new CsmsApiOperator(stationId, (id, action, payload) =>
      ref.csms.sendCommand(id, action, payload),
    ),
  });
}

function byId(version: OcppVersion, id: string): ConformanceCase {
  const found = selectCases('csms', version, ['core', 'smart-charging', 'firmware']).find((c) => c.id === id);
  if (found === undefined) throw new Error(`no CSMS-side case ${id} for ${version}`);
  return found;
}

describe('check-csms against the reference CSMS', () => {
  it.each<OcppVersion>(['1.6', '2.0.1'])('OCPP %s: every CSMS-side case passes', async (version) => {
    rewrite = (f) => f;
    const run = await check(version, selectCases('csms', version, ['core', 'smart-charging', 'firmware']));
    const notPassed = run.results
      .filter((r) => r.verdict !== 'PASS')
      .map((r) => `${r.testCase.id}: ${r.failure?.message}`);
    expect(notPassed).toEqual([]);
    expect(run.results.length).toBeGreaterThanOrEqual(15);
  });

  it.each([
    {
      version: '1.6' as const,
      id: 'TC_001_CSMS',
      broken: 'BootNotification answered without interval',
      rewrite: (f: string) => f.replace(/,"interval":\d+/, ''),
      message: /schema: BootNotification CALLRESULT is not valid: .*interval/,
    },
    {
      version: '2.0.1' as const,
      id: 'TC_B_01_CSMS',
      broken: 'BootNotification answered Pending',
      rewrite: (f: string) => f.replace('"status":"Accepted"', '"status":"Pending"'),
      message: /BootNotification answer: status is "Pending", not "Accepted"/,
    },
    {
      version: '1.6' as const,
      id: 'HT_J_06_CSMS',
      broken: 'a wrong type answered with GenericError',
      rewrite: (f: string) => f.replace('"TypeConstraintViolation"', '"GenericError"'),
      message: /a bad frame was answered with error code GenericError/,
    },
    {
      version: '2.0.1' as const,
      id: 'HT_J_03_CSMS',
      broken: 'an unknown MessageTypeId answered with the 1.6 code',
      rewrite: (f: string) => f.replace('"MessageTypeNotSupported"', '"FormationViolation"'),
      message: /answered with error code FormationViolation/,
    },
  ])('$id FAILs against a CSMS whose $broken', async ({ version, id, rewrite: r, message }) => {
    rewrite = r;
    try {
      const run = await check(version, [byId(version, id)]);
      const result = run.results[0]!;
      expect(result.verdict).toBe('FAIL');
      expect(result.failure?.message).toMatch(message);
      expect(result.failure?.received).toBeDefined();
    } finally {
      rewrite = (f) => f;
    }
  });
});
