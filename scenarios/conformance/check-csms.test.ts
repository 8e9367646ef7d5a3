import { afterEach, describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Csms } from '../../csms/create-csms.js';
import { selectCases } from './case-catalogue.js';
import { CsmsApiOperator } from './csms-api-operator.js';
import { runCheckCsms } from './run-check-csms.js';
import { ACCEPTED_TAG, aReferenceCsms } from './test-support/reference-csms.js';

let csms: Csms | undefined;
afterEach(async () => {
  await csms?.stop();
  csms = undefined;
});

describe('check-csms against the reference CSMS', () => {
  it.each<OcppVersion>(['1.6', '2.0.1'])('OCPP %s: every CSMS-side case passes', async (version) => {
    const ref = await aReferenceCsms();
    csms = ref.csms;
    const lines: string[] = [];
    const run = await runCheckCsms({
      version,
      csmsUrl: ref.csms.ocppUrl,
      stationId: `CHECK${version.replaceAll('.', '')}`,
      idTag: ACCEPTED_TAG,
      unknownIdTag: 'NOBODYS-TAG',
      cases: selectCases('csms', version, ['core', 'smart-charging', 'firmware']),
      clock: ref.clock,
      transport: ref.transport,
      operator: new CsmsApiOperator(`CHECK${version.replaceAll('.', '')}`, (id, action, payload) =>
        ref.csms.sendCommand(id, action, payload),
      ),
      log: (l) => lines.push(l),
    });
    console.log(lines.join('\n'));
    expect(run.results.filter((r) => r.verdict !== 'PASS').map((r) => r.testCase.id)).toEqual([]);
  });
});
