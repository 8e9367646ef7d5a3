import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { FaultSpec } from '../../simulator/faults/fault-spec.js';
import { allCases, selectCases } from './case-catalogue.js';
import { SUITES } from './conformance-case.js';
import { certifySimulated } from './test-support/certify-simulated.js';

function caseById(id: string, version: OcppVersion) {
  const found = allCases().find((c) => c.id === id && c.version === version && c.side === 'charger');
  if (found === undefined) throw new Error(`no charger-side case ${id} of ${version}`);
  return found;
}

describe('certify: our simulated charger as the charger under test', () => {
  it.each<OcppVersion>(['1.6', '2.0.1'])(
    'OCPP %s: passes every charger-side case (NOT_APPLICABLE only with a reason)',
    async (version) => {
      const cases = selectCases('charger', version, SUITES);
      const run = await certifySimulated(version, cases);
      expect(run.results.map((r) => r.testCase.id)).toEqual(cases.map((c) => c.id));
      const failed = run.results
        .filter((r) => r.verdict === 'FAIL')
        .map((r) => `${r.testCase.id}: ${r.failure?.message}`);
      expect(failed).toEqual([]);
      for (const r of run.results.filter((x) => x.verdict === 'NOT_APPLICABLE'))
        expect(r.reason).toMatch(/\w/);
      expect(run.results.filter((r) => r.verdict === 'PASS').length).toBeGreaterThan(cases.length * 0.8);
    },
  );

  it.each<{ fault: string; version: OcppVersion; id: string; faults: FaultSpec; message: RegExp }>([
    {
      fault: 'wrong status order',
      version: '1.6',
      id: 'TC_003',
      faults: { swapStatuses: { first: 'Preparing', second: 'Charging' } },
      message: /StatusNotification: status is "Charging", not "Preparing"/,
    },
    {
      fault: 'wrong status order',
      version: '2.0.1',
      id: 'TC_E_04_CS',
      faults: { swapStatuses: { first: 'Occupied', second: 'Available' } },
      message: /StatusNotification: connectorStatus is "Available", not "Occupied"/,
    },
    {
      fault: 'missing field',
      version: '1.6',
      id: 'TC_003',
      faults: { dropField: { action: 'StartTransaction', field: 'meterStart' } },
      message: /schema: StartTransaction CALL is not valid: .*meterStart/,
    },
    {
      fault: 'missing field',
      version: '2.0.1',
      id: 'TC_E_04_CS',
      faults: { dropField: { action: 'TransactionEvent', field: 'seqNo' } },
      message: /schema: TransactionEvent CALL is not valid: .*seqNo/,
    },
    {
      fault: 'ignoring a profile',
      version: '1.6',
      id: 'TC_056',
      faults: { ignoreProfiles: true },
      message: /GetCompositeSchedule answer: chargingSchedule/,
    },
    {
      fault: 'ignoring a profile',
      version: '2.0.1',
      id: 'TC_K_01_CS',
      faults: { ignoreProfiles: true },
      message: /GetCompositeSchedule answer: schedule/,
    },
    {
      fault: 'bad firmware status sequence',
      version: '2.0.1',
      id: 'TC_L_01_CS',
      faults: { skipFirmwareStatus: 'Downloaded' },
      message: /FirmwareStatusNotification: status is "(SignatureVerified|Installing)", not "Downloaded"/,
    },
  ])(
    '$version $id FAILs with the fault "$fault", naming the deviation',
    async ({ version, id, faults, message }) => {
      const run = await certifySimulated(version, [caseById(id, version)], { faults });
      const result = run.results[0]!;
      expect(result.verdict).toBe('FAIL');
      expect(result.failure?.message).toMatch(message);
      expect(result.failure?.expected).toBeDefined();
      expect(result.failure?.received).toBeDefined();
      expect(result.failure?.location).toBe(result.testCase.specRef);
    },
  );

  it('the same seed gives the same frames, byte for byte', async () => {
    const cases = selectCases('charger', '2.0.1', ['core']).slice(0, 8);
    const a = await certifySimulated('2.0.1', cases, { seed: 3 });
    const b = await certifySimulated('2.0.1', cases, { seed: 3 });
    expect(b.frames.map((f) => f.raw)).toEqual(a.frames.map((f) => f.raw));
    expect(a.frames.length).toBeGreaterThan(20);
  });
});
