import type { OcppVersion } from '../../common/ocpp-version.js';
import type { CaseSide, ConformanceCase, Suite } from './conformance-case.js';
import { V16_CORE_CASES } from './cases/v16-core.js';
import { V16_CORE_TRANSACTION_CASES } from './cases/v16-core-transactions.js';
import { V16_CSMS_CASES } from './cases/csms-v16.js';
import { V201_CSMS_CASES } from './cases/csms-v201.js';
import { V16_SMART_CHARGING_CASES } from './cases/v16-smart-charging.js';
import { V16_FIRMWARE_CASES } from './cases/v16-firmware.js';
import { V201_L_CASES } from './cases/v201-l-firmware.js';
import { V201_B_CASES } from './cases/v201-b-provisioning.js';
import { V201_E_CASES } from './cases/v201-e-transactions.js';
import { V201_K_CASES } from './cases/v201-k-smart-charging.js';

/** Cases in the order of their numbers (TC_002 before TC_010, TC_011_1 before TC_011_2). */
function byId(cases: readonly ConformanceCase[]): ConformanceCase[] {
  return [...cases].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

const ALL: readonly ConformanceCase[] = [
  ...byId([...V16_CORE_CASES, ...V16_CORE_TRANSACTION_CASES]),
  ...V16_SMART_CHARGING_CASES,
  ...V16_FIRMWARE_CASES,
  ...V201_B_CASES,
  ...V201_E_CASES,
  ...V201_K_CASES,
  ...V201_L_CASES,
  ...V16_CSMS_CASES,
  ...V201_CSMS_CASES,
];

/** Every case of the harness, in run order. */
export function allCases(): readonly ConformanceCase[] {
  return ALL;
}

/** The cases of one side and version in the chosen suites, in run order. */
export function selectCases(
  side: CaseSide,
  version: OcppVersion,
  suites: readonly Suite[],
): ConformanceCase[] {
  return ALL.filter((c) => c.side === side && c.version === version && suites.includes(c.suite));
}
